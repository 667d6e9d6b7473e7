// security/edge-entry-point on manifests written by hand: violating and satisfying cases.
import { TerraformStack, Testing } from "cdktf";
import { ENVIRONMENT_PROFILES } from "../../lib";
import { EntryPointRecord } from "../../lib/core/components/edge";
import { Profile } from "../../lib/core/environment";
import { VigilManifest } from "../../lib/core/manifest";
import { findingsOf } from "./support";

const entryPoint = (overrides: Partial<EntryPointRecord> = {}): EntryPointRecord => ({
  service: "checkout",
  target: "aws",
  hostname: "checkout.example.com",
  kind: "Application Load Balancer",
  tlsMinimumVersion: "1.2",
  certificate: "ACM (DNS validation)",
  waf: { mode: "block", managedRules: ["AWSManagedRulesCommonRuleSet"], rateLimitPer5Minutes: 2000 },
  ddosProtection: "AWS Shield Standard",
  accessLogs: { store: "S3", retention: { searchableDays: 90, totalDays: 365, archive: "S3 Glacier Deep Archive", immutable: true } },
  path: "prod-shop/checkout/edge",
  ...overrides,
});

function stackWith(tier: "prod" | "dev", records: EntryPointRecord[]): TerraformStack {
  const stack = new TerraformStack(Testing.app(), `${tier}-shop`);
  Profile.attach(stack, ENVIRONMENT_PROFILES[tier]);
  records.forEach((r) => VigilManifest.of(stack).addEntryPoint(r));
  return stack;
}

describe("security/edge-entry-point", () => {
  test("a prod entry point with old TLS, a detecting WAF and no access logs is one error naming each lack", () => {
    const found = findingsOf(stackWith("prod", [entryPoint({ tlsMinimumVersion: "1.0", waf: { mode: "detect", managedRules: [], rateLimitPer5Minutes: 2000 }, accessLogs: undefined })]), "security/edge-entry-point");
    expect(found).toEqual([expect.objectContaining({ level: "error", resource: "prod-shop/checkout/edge" })]);
    expect(found[0].message).toMatch(/accepts TLS 1.0 \(require 1.2 or later\); its WAF is in detect mode \(block in prod\); its WAF has no managed rule set; it writes no access logs;/);
  });

  test("access logs kept 90 days, or in deletable storage, are not enough in prod", () => {
    const short = entryPoint({ accessLogs: { store: "S3", retention: { searchableDays: 90, totalDays: 90, immutable: false } } });
    expect(findingsOf(stackWith("prod", [short]), "security/edge-entry-point")[0].message).toMatch(/kept 90 days in deletable storage \(keep 365 in a locked archive\)/);
  });

  test("the defaults satisfy it; dev is not checked", () => {
    expect(findingsOf(stackWith("prod", [entryPoint()]), "security/edge-entry-point")).toEqual([]);
    expect(findingsOf(stackWith("dev", [entryPoint({ waf: { mode: "detect", managedRules: [], rateLimitPer5Minutes: 2000 }, accessLogs: undefined })]), "security/edge-entry-point")).toEqual([]);
  });
});
