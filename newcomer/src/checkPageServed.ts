export interface ServedPage {
  readonly html: string;
  /** Every script and stylesheet the page links, with the Content-Type it was served with. */
  readonly assets: ReadonlyArray<{ readonly url: string; readonly contentType: string; readonly bytes: number }>;
}

/**
 * Loads a page the way a browser starts to: the HTML, then every script and stylesheet it links
 * (a page whose bundle 404s is a blank page). Throws, naming the URL, on anything but a 200.
 */
export async function checkPageServed(pageUrl: string): Promise<ServedPage> {
  const page = await fetch(pageUrl);
  if (page.status !== 200) throw new Error(`[rejoin] GET ${pageUrl} answered ${page.status}`);
  const contentType = page.headers.get('content-type') ?? '';
  if (!contentType.startsWith('text/html')) throw new Error(`[rejoin] GET ${pageUrl} is ${contentType}, not HTML`);
  const html = await page.text();
  const links = [
    ...[...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((match) => match[1]),
    ...[...html.matchAll(/<link\b[^>]*\brel="(?:stylesheet|modulepreload)"[^>]*\bhref="([^"]+)"/g)].map((match) => match[1]),
  ].filter((link): link is string => link !== undefined);
  const assets = [];
  for (const link of links) {
    const url = new URL(link, pageUrl).href;
    const response = await fetch(url);
    const body = await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`[rejoin] ${pageUrl} links ${url}, which answered ${response.status}`);
    assets.push({ url, contentType: response.headers.get('content-type') ?? '', bytes: body.byteLength });
  }
  return { html, assets };
}
