#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
import { CLI_USAGE, parseCliArgs, type CliArgs } from './cli/parseCliArgs.ts';
import { formatCaseLine, formatSummary } from './report/ConformanceReport.ts';
import { runConformance } from './suite/runConformance.ts';

let args: CliArgs;
try {
  args = parseCliArgs(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n\n${CLI_USAGE}\n`);
  process.exit(2);
}
if (args.help) {
  process.stdout.write(`${CLI_USAGE}\n`);
  process.exit(0);
}

process.stdout.write(`Rejoin protocol v1 conformance: ${args.options.url}\n\n`);
const report = await runConformance(args.options, { onResult: (result) => process.stdout.write(`${formatCaseLine(result)}\n`) });
process.stdout.write(`\n${formatSummary(report)}\n`);
if (args.jsonPath !== undefined) {
  writeFileSync(args.jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`JSON report: ${args.jsonPath}\n`);
}
process.exit(report.ok ? 0 : 1);
