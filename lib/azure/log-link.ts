import { gzipSync } from "zlib";

/**
 * A portal link that opens Log Analytics on a workspace with `query` in the
 * editor, as the portal's own "Copy link to query" makes it: the resource id
 * URL-encoded, the query gzip-compressed, base64-encoded and URL-encoded
 * (`/source/LogsBlade.AnalyticsShareLinkToQuery/q/<...>`), the last day as
 * the time range. The link carries no tenant: the portal opens the user's
 * default directory, where the subscription is.
 */
export function logAnalyticsQueryUrl(workspaceResourceId: string, query: string, timespan = "P1D"): string {
  const packed = encodeURIComponent(gzipSync(Buffer.from(query, "utf8")).toString("base64"));
  return `https://portal.azure.com/#blade/Microsoft_Azure_Monitoring_Logs/LogsBlade/resourceId/${encodeURIComponent(workspaceResourceId)}/source/LogsBlade.AnalyticsShareLinkToQuery/q/${packed}/timespan/${timespan}`;
}
