import { createHash } from "crypto";
import { existsSync, renameSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { zipArchive } from "./zip";

/** File name of the health-check script inside the canary's zip (the handler is `<name>.handler`). */
export const HEALTH_CHECK_SCRIPT_NAME = "vigil-health-check";

/**
 * The canary script: one HTTPS GET of `VIGIL_HEALTH_URL` through the
 * Synthetics library's `executeHttpStep` (which records the step, its
 * duration and the `SuccessPercent` metric), passing when the response
 * status equals `VIGIL_EXPECTED_STATUS`. Headers and bodies are not
 * recorded in the artifacts, so a token in a response never lands in S3.
 * `@aws/synthetics-puppeteer` is the library's module name from runtime
 * syn-nodejs-puppeteer-13.1 on (CloudWatch User Guide, "Runtime versions
 * using Node.js and Puppeteer").
 *
 * It is kept here as text rather than as a file in the package: Node.js
 * canaries must be zipped under `nodejs/node_modules/`, a path that npm and
 * git both leave out of a package, so the directory is written at synth.
 */
export const HEALTH_CHECK_SCRIPT = `"use strict";
// Vigil health check, run by CloudWatch Synthetics. Settings come from the
// canary's environment variables, set by the AwsSyntheticCanary construct.
const synthetics = require("@aws/synthetics-puppeteer");

const url = new URL(process.env.VIGIL_HEALTH_URL);
const expectedStatus = Number(process.env.VIGIL_EXPECTED_STATUS || "200");

function checkStatus(response) {
  return new Promise((resolve, reject) => {
    response.on("error", reject);
    // Drain the body so that "end" fires; it is not kept.
    response.on("data", () => {});
    response.on("end", () => {
      if (response.statusCode === expectedStatus) {
        resolve();
      } else {
        reject(new Error(url.origin + url.pathname + " answered HTTP " + response.statusCode + "; expected " + expectedStatus));
      }
    });
  });
}

exports.handler = async function () {
  const request = {
    protocol: "https:",
    hostname: url.hostname,
    port: url.port || 443,
    path: url.pathname + url.search,
    method: "GET",
    headers: { "User-Agent": "vigil-synthetics-canary" },
  };
  const stepConfig = { includeRequestHeaders: false, includeResponseHeaders: false, includeRequestBody: false, includeResponseBody: false };
  return synthetics.executeHttpStep("GET " + url.pathname, request, checkStatus, stepConfig);
};
`;

/** Entries of the canary's zip, laid out as Synthetics loads Node.js scripts: `nodejs/node_modules/<name>.js`. */
export const HEALTH_CHECK_ZIP_ENTRIES: ReadonlyArray<readonly [string, string]> = [
  ["nodejs/", ""],
  ["nodejs/node_modules/", ""],
  [`nodejs/node_modules/${HEALTH_CHECK_SCRIPT_NAME}.js`, HEALTH_CHECK_SCRIPT],
];

/**
 * Writes the script's zip (see {@link HEALTH_CHECK_ZIP_ENTRIES}) and returns
 * its path, for a `TerraformAsset` of type FILE. The zip is written in-process
 * with fixed timestamps, so its bytes and asset hash change only with the
 * script; the file name carries the script's hash, so it is written once per
 * script version and never changes under a running synth.
 */
export function stageHealthCheckScript(): string {
  const hash = createHash("sha256").update(HEALTH_CHECK_SCRIPT).digest("hex").slice(0, 16);
  const file = join(tmpdir(), `vigil-canary-${hash}.zip`);
  if (existsSync(file)) return file;
  // Written aside and renamed, so a concurrent synth never copies a half-written file.
  const staging = `${file}.${process.pid}.tmp`;
  writeFileSync(staging, zipArchive(HEALTH_CHECK_ZIP_ENTRIES));
  renameSync(staging, file);
  return file;
}
