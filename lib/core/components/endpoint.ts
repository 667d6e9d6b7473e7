import { maskUrlCredential, urlCredential } from "../secrets-in-clear";
import type { ServiceEndpointProps } from "./service";

/**
 * Checks a service's public endpoint the same way for every target's
 * synthetic check: an https URL (users reach it over TLS), no credential in
 * it (a health URL answers without one, and the URL is stored in clear), and
 * an HTTP status code. Messages name `endpoint.<field>`; a target reports only
 * what its own check cannot do.
 */
export function validateEndpoint(endpoint: ServiceEndpointProps): string[] {
  const problems: string[] = [];
  let url: URL | undefined;
  try {
    url = new URL(endpoint.url);
  } catch {
    problems.push(`\`endpoint.url\` is ${JSON.stringify(endpoint.url)}, not a URL; give the full address, e.g. "https://checkout.example.com/healthz"`);
  }
  if (url && url.protocol !== "https:") {
    problems.push(`\`endpoint.url\` is ${JSON.stringify(endpoint.url)}, not an https URL; probe the endpoint the way users reach it, over TLS (e.g. "https://${url.host}${url.pathname}")`);
  } else if (url) {
    const credential = urlCredential(endpoint.url);
    if (credential) problems.push(`\`endpoint.url\` ${JSON.stringify(maskUrlCredential(endpoint.url))} carries ${credential}; probe a health URL that answers without credentials (the URL is stored in clear)`);
  }
  const status = endpoint.expectedStatus;
  if (status !== undefined && !(Number.isInteger(status) && status >= 100 && status <= 599)) {
    problems.push(`\`endpoint.expectedStatus\` is ${status}; use an HTTP status code from 100 to 599, usually 200`);
  }
  return problems;
}
