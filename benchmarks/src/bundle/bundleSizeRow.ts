import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check } from '../harness/fail.ts';
import type { BenchSettings } from '../harness/BenchSettings.ts';
import { formatKb, formatRatio } from '../report/format.ts';
import type { GoalCheck, RowReport } from '../report/RowReport.ts';
import { demoDevtoolsBytes } from './demoDevtoolsBytes.ts';
import { adviceIn, developmentAdvice } from './developmentAdvice.ts';
import { measureLongLiterals } from './longLiterals.ts';
import { measureBundle, type BundleSize } from './measureBundle.ts';

const REACT = ['react', 'react-dom', 'react/*', 'react-dom/*'];
const VUE = ['vue', '@vue/*'];

interface BundleCase {
  readonly key: string;
  readonly label: string;
  readonly entry: string;
  readonly external: readonly string[];
  /** The goal on min+gz bytes, when the issue sets one. */
  readonly goalBytes?: number;
  readonly goalLabel?: string;
  /** Package that must exist for this case (adapters written in parallel may not yet). */
  readonly needs?: string;
}

/** Everything a workspace package depends on, with subpaths: left out to measure its own code. */
function dependenciesOf(packageDir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };
  const names = [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})];
  return [...names, ...names.map((name) => `${name}/*`)];
}

/** Row 5: min+gz of minimal apps on each package, against the AI SDK's minimal useChat app. */
export async function bundleSizeRow(settings: BenchSettings): Promise<RowReport> {
  const apps = join(settings.root, 'src', 'bundle', 'apps');
  const packages = join(settings.root, '..', 'packages');
  const cases: BundleCase[] = [
    {
      key: 'core-own',
      label: '`@rejoin/core` minimal app, own code (xstate, nanoid external)',
      entry: join(apps, 'coreApp.ts'),
      external: ['xstate', 'nanoid'],
      goalBytes: 8_000,
      goalLabel: "core's own code ≤ 8 kB",
    },
    {
      key: 'core-all',
      label: '`@rejoin/core` minimal app, with xstate and nanoid',
      entry: join(apps, 'coreApp.ts'),
      external: [],
    },
    {
      key: 'core-surface',
      label: '`@rejoin/core`, every export (xstate, nanoid external)',
      entry: join(apps, 'coreSurface.ts'),
      external: ['xstate', 'nanoid'],
    },
    {
      key: 'react-adapter',
      label: '`@rejoin/react`, every export (its dependencies external)',
      entry: join(apps, 'reactAdapterSurface.ts'),
      external: [...dependenciesOf(join(packages, 'react')), 'xstate', ...REACT],
      goalBytes: 1_500,
      goalLabel: '`@rejoin/react` adapter ≤ 1.5 kB',
    },
    {
      key: 'vue-adapter',
      label: '`@rejoin/vue`, every export (its dependencies external)',
      entry: join(apps, 'vueAdapterSurface.ts'),
      external: existsSync(join(packages, 'vue', 'package.json')) ? [...dependenciesOf(join(packages, 'vue')), 'xstate', ...VUE] : VUE,
      goalBytes: 1_500,
      goalLabel: '`@rejoin/vue` adapter ≤ 1.5 kB',
      needs: join(packages, 'vue', 'src', 'index.ts'),
    },
    {
      key: 'react-app',
      label: 'Rejoin React app: xstate, core, `@rejoin/react` and its dependencies (react, react-dom external)',
      entry: join(apps, 'reactApp.tsx'),
      external: REACT,
      goalBytes: 24_000,
      goalLabel: 'whole React app bundle (xstate, core, adapter) ≤ 24 kB',
    },
    {
      key: 'vue-app',
      label: 'Rejoin Vue app: xstate, core, `@rejoin/vue` and its dependencies (vue external)',
      entry: join(apps, 'vueApp.ts'),
      external: VUE,
      needs: join(packages, 'vue', 'src', 'index.ts'),
    },
    {
      key: 'devtools',
      label: '`@rejoin/devtools` panel, every export (`@rejoin/core` external; development only)',
      entry: join(apps, 'devtoolsSurface.ts'),
      external: [...dependenciesOf(join(packages, 'devtools')), 'xstate'],
      needs: join(packages, 'devtools', 'src', 'index.ts'),
    },
    {
      key: 'devtools-react',
      label: '`@rejoin/devtools/react` with the panel it mounts (`@rejoin/core`, react external; development only)',
      entry: join(apps, 'devtoolsReactSurface.ts'),
      external: [...dependenciesOf(join(packages, 'devtools')), 'xstate', ...REACT],
      needs: join(packages, 'devtools', 'src', 'index.ts'),
    },
    {
      key: 'ai-sdk-app',
      label: 'AI SDK React app: `ai@6` + `@ai-sdk/react` `useChat` (react, react-dom external)',
      entry: join(apps, 'aiSdkReactApp.tsx'),
      external: REACT,
    },
  ];

  const sizes = new Map<string, BundleSize>();
  const rows: string[][] = [];
  for (const bundle of cases) {
    if (bundle.needs !== undefined && !existsSync(bundle.needs)) continue;
    sizes.set(bundle.key, await measureBundle(bundle.entry, bundle.external));
  }
  const adviceChecked = await checkNoDevelopmentAdvice(join(packages, 'core', 'src'), cases, sizes);
  const demoDevtools = existsSync(join(packages, 'devtools', 'src', 'index.ts'))
    ? await demoDevtoolsBytes(join(settings.root, '..', 'apps', 'demo'))
    : null;
  const aiSdk = sizes.get('ai-sdk-app')!;
  for (const bundle of cases) {
    const size = sizes.get(bundle.key);
    if (size === undefined) {
      rows.push([bundle.label, 'not built: package missing', '–', '–', '–']);
      continue;
    }
    rows.push([
      bundle.label,
      formatKb(size.minified),
      formatKb(size.gzipped),
      bundle.goalBytes === undefined ? '–' : `≤ ${formatKb(bundle.goalBytes)}`,
      formatRatio(aiSdk.gzipped / size.gzipped),
    ]);
  }

  if (demoDevtools !== null) {
    check(demoDevtools.development > 0, 'a development build of the demo holds no devtools code: is its Devtools button still there, or did the marker change?');
    rows.push([
      'Devtools in a production build of the React demo (vite; a development build loads them lazily from its Devtools button)',
      `${formatKb(demoDevtools.production)} (development build: ${formatKb(demoDevtools.development)})`,
      '–',
      '0 B',
      '–',
    ]);
  }

  const goals: GoalCheck[] = [];
  const closingNotes: string[] = [];
  if (demoDevtools !== null) {
    goals.push({
      goal: 'devtools: 0 bytes in a production build of the demo',
      met: demoDevtools.production === 0,
      detail: `${formatKb(demoDevtools.production)} in production, ${formatKb(demoDevtools.development)} in a development build`,
    });
  }
  for (const bundle of cases) {
    if (bundle.goalBytes === undefined) continue;
    const size = sizes.get(bundle.key);
    if (size === undefined) {
      goals.push({ goal: bundle.goalLabel!, met: false, detail: 'not measured: the package does not exist yet' });
      closingNotes.push(`${bundle.goalLabel}: not measured, the package was missing in this run.`);
      continue;
    }
    const met = size.gzipped <= bundle.goalBytes;
    const margin = bundle.goalBytes - size.gzipped;
    goals.push({
      goal: bundle.goalLabel!,
      met,
      detail: `${formatKb(size.gzipped)} min+gz, ${met ? `${formatKb(margin)} under` : `${formatKb(-margin)} over`}`,
    });
    if (!met) closingNotes.push(`${bundle.goalLabel}: ${formatKb(size.gzipped)}, over by ${formatKb(-margin)} (${((100 * -margin) / size.gzipped).toFixed(0)}% to cut).`);
  }

  const reactApp = sizes.get('react-app');
  const breakdown = reactApp === undefined
    ? []
    : [
        {
          caption: 'What the Rejoin React app is made of (minified bytes per package, from esbuild\'s metafile)',
          headers: ['package', 'minified'],
          rows: [...reactApp.byPackage.entries()]
            .sort((a, b) => b[1] - a[1])
            .map(([name, bytes]) => [name, formatKb(bytes)]),
        },
      ];
  const coreOwn = sizes.get('core-own')!;
  const coreAll = sizes.get('core-all')!;
  const prose = measureLongLiterals(coreOwn.code);
  const coreTotal = [...coreOwn.coreFolders.values()].reduce((sum, bytes) => sum + bytes, 0);
  const coreTable = {
    caption: "What core's own code is made of in the minimal app (minified bytes per folder of `packages/core/src`, and an estimate of min+gz in proportion)",
    headers: ['folder', 'minified', '≈ min+gz'],
    rows: [...coreOwn.coreFolders.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([folder, bytes]) => [`\`${folder}/\``, formatKb(bytes), formatKb((bytes / coreTotal) * coreOwn.gzipped)]),
  };
  const coreGoalMissed = coreOwn.gzipped > 8_000;
  if (coreGoalMissed) {
    closingNotes.push(
      `Where core's bytes go: see the folder table. Its ${prose.count} string literals over 24 characters (error and validation messages) are ${formatKb(prose.gzipped - prose.gzippedWithout)} of the ${formatKb(prose.gzipped)} min+gz; ` +
        'production builds could carry error codes with a documentation link instead, keeping the prose in development builds behind `process.env.NODE_ENV`. ' +
        'That alone does not reach 8 kB (validation is already one table of frame shapes, which `decodeRecord` reuses): the rest needs less code on the default path. ' +
        'The two large parts are persistence (`persistence/` in the folder table) and the statechart with its fold (`machine/`). Persistence could move behind an opt-in entry point, the way TanStack Query\'s persisters are separate packages; ' +
        'that is an API decision, since today a refresh resumes with no setup at all. The machine would shrink with the streaming-text change row 1 calls for (chunks folded beside the statechart, so `applyServerFrames` handles control frames only). ' +
        'The whole React app goal follows from core\'s: xstate as core uses it is about 12.5 kB min+gz, so core must fit in about 9 kB with the adapter for 24 kB.',
    );
  }

  return {
    id: 5,
    title: 'Bundle size',
    runs: 'deterministic (one esbuild build each)',
    method: [
      'Each minimal app (in `benchmarks/src/bundle/apps/`) is bundled with esbuild as a production browser build (minified, ESM, ES2022, `process.env.NODE_ENV` = production) and gzipped at level 9. "Every export" bundles measure a package\'s whole public API with its dependencies external: the upper bound of its own code. kB are 1,000 bytes.',
      '',
      `No production bundle holds any of core's ${adviceChecked} development-only advice texts (the \`isDevelopment ? advice : facts\` branches of its sources), while a development build of every export holds them all: the run stops otherwise.`,
      '',
      `xstate and nanoid add ${formatKb(coreAll.gzipped - coreOwn.gzipped)} min+gz to the core app (the difference between its two builds). Esbuild is given the \`module\` condition besides \`source\`, or xstate resolves to its CommonJS build, which does not tree-shake.`,
    ],
    tables: [
      { headers: ['bundle', 'min', 'min+gz', 'goal', 'AI SDK app / this'], rows },
      coreTable,
      ...breakdown,
    ],
    goals,
    closingNotes,
  };
}

/**
 * Advice in error messages is development-only: no production bundle may hold any of it. Checked
 * against a development build of every export too, which must hold all of it, so the check
 * cannot pass by finding nothing. Returns how many advice texts were checked.
 */
async function checkNoDevelopmentAdvice(coreSourceDir: string, cases: readonly BundleCase[], sizes: ReadonlyMap<string, BundleSize>): Promise<number> {
  const advice = developmentAdvice(coreSourceDir);
  check(advice.length > 0, `found no development advice in ${coreSourceDir}: is the flag still called isDevelopment?`);
  const surface = cases.find((bundle) => bundle.key === 'core-surface')!;
  const development = await measureBundle(surface.entry, surface.external, 'development');
  const present = new Set(adviceIn(development.code, advice));
  const missing = advice.filter((piece) => !present.has(piece));
  check(missing.length === 0, `a development build of every core export lacks advice it should hold: ${JSON.stringify(missing.slice(0, 3))}`);
  for (const [key, size] of sizes) {
    if (!size.byPackage.has('@rejoin/core')) continue; // the AI SDK's app, for comparison
    const leaked = adviceIn(size.code, advice);
    check(leaked.length === 0, `the production bundle ${key} holds development-only advice: ${JSON.stringify(leaked.slice(0, 3))}`);
  }
  return advice.length;
}
