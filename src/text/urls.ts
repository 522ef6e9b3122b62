/**
 * URL canonicalisation (first version; the text issue extends it). Two links that lead to the same
 * page should compare equal: lower-case scheme and host, no default port, no fragment, no tracking
 * parameters, sorted query.
 */
const TRACKING = /^(utm_.*|fbclid|gclid|dclid|msclkid|mc_eid|mc_cid|igshid|si|ref_src|ref_url|s|t)$/i;
const TRACKING_ONLY_ON = new Set(['s', 't']); // only tracking on twitter.com/x.com share links

export function canonicalUrl(input: string): string | undefined {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  const isX = /(^|\.)(twitter|x)\.com$/.test(host);
  const kept = [...url.searchParams.entries()]
    .filter(([k]) => !TRACKING.test(k) || (TRACKING_ONLY_ON.has(k.toLowerCase()) && !isX))
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  url.search = '';
  for (const [k, v] of kept) url.searchParams.append(k, v);
  return url.toString();
}
