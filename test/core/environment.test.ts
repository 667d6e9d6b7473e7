import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { deriveProfile, ENVIRONMENT_PROFILES } from "../../lib";
import { Profile, resolveEnvironment, validateProfile } from "../../lib/core/environment";
import { messageAt, messageSaying } from "../harness";

describe("environment profiles", () => {
  test("the built-in profiles are valid", () => {
    for (const p of Object.values(ENVIRONMENT_PROFILES)) expect(validateProfile(p)).toEqual([]);
  });

  test("staging keeps prod's topology and protection; it differs in size, retention and state only", () => {
    const { staging, prod } = ENVIRONMENT_PROFILES;
    for (const key of ["zones", "highAvailability", "natGateways", "clusterEndpoint", "pageRoutesAs", "state"] as const) {
      expect({ key, value: staging[key] }).toEqual({ key, value: prod[key] });
    }
    expect(staging.deletionProtection).toBe(true);
    expect(staging.nodes.maxNodes).toBeLessThan(prod.nodes.maxNodes);
    expect(staging.auditLogRetentionDays).toBeLessThan(prod.auditLogRetentionDays);
  });

  test("dev is small, unprotected, public-endpoint, never pages and keeps local state", () => {
    const dev = ENVIRONMENT_PROFILES.dev;
    expect(dev).toMatchObject({ natGateways: "single", deletionProtection: false, preventDestroy: false, pageRoutesAs: "ticket", state: "local" });
    expect(dev.clusterEndpoint.publicAccess).toBe(true);
  });

  test("prod keeps audit logs a year (PCI DSS 10.5.1) and protects data", () => {
    expect(ENVIRONMENT_PROFILES.prod).toMatchObject({ auditLogRetentionDays: 365, deletionProtection: true, preventDestroy: true, backupRetentionDays: 35 });
  });

  test("synthetic checks probe more often the closer to production (dev 15, staging 5, prod 1 minutes)", () => {
    const { dev, staging, prod } = ENVIRONMENT_PROFILES;
    expect([dev.syntheticCheckIntervalMinutes, staging.syntheticCheckIntervalMinutes, prod.syntheticCheckIntervalMinutes]).toEqual([15, 5, 1]);
    expect(validateProfile(deriveProfile("dev", { name: "slow", syntheticCheckIntervalMinutes: 90 }))).toEqual([
      messageSaying('environment profile "slow"', "`syntheticCheckIntervalMinutes` is 90", "from 1 to 60"),
    ]);
  });

  test("a prod-tier profile keeps backups at least 7 days, said where the profile is derived (the data-protection pack's number)", () => {
    expect(validateProfile(deriveProfile("prod", { name: "prod-lean", backupRetentionDays: 5 }))).toEqual([
      messageSaying('environment profile "prod-lean"', "`backupRetentionDays` is 5", "prod-tier", "keep at least 7 days"),
    ]);
    expect(validateProfile(deriveProfile("prod", { name: "prod-week", backupRetentionDays: 7 }))).toEqual([]);
    expect(validateProfile(deriveProfile("staging", { name: "perf", backupRetentionDays: 5 }))).toEqual([]);
  });

  test("deriveProfile keeps the base tier and merges nested fields", () => {
    const perf = deriveProfile("staging", { name: "perf", nodes: { maxNodes: 20 } });
    expect(perf.tier).toBe("staging");
    expect(perf.nodes).toEqual({ ...ENVIRONMENT_PROFILES.staging.nodes, maxNodes: 20 });
    expect(perf.clusterEndpoint).toEqual(ENVIRONMENT_PROFILES.staging.clusterEndpoint);
    expect(() => deriveProfile("qa" as never, { name: "x" })).toThrow(messageSaying("deriveProfile", 'unknown base environment "qa"', "use one of dev, staging, prod"));
  });

  test("validateProfile reports every broken field", () => {
    const broken = deriveProfile("prod", { name: "Prod EU", zones: 1, logRetentionDays: 0, nodes: { desiredNodes: 50 } });
    const PROD_EU = 'environment profile "Prod EU"';
    expect(validateProfile(broken)).toEqual([
      messageSaying(PROD_EU, "`name`", "1-15 lowercase letters", 'got "Prod EU"'),
      messageSaying(PROD_EU, "`highAvailability` needs at least 2 zones", "`zones` is 1", "raise zones or set highAvailability=false"),
      messageSaying(PROD_EU, "`nodes.desiredNodes` (50)", "[3, 12]", "between minNodes and maxNodes"),
      messageSaying(PROD_EU, "`logRetentionDays` is 0", "a whole number of days >= 1"),
    ]);
    expect(validateProfile(deriveProfile("dev", { name: "d", zones: 4 }))).toEqual([messageSaying('environment profile "d"', "`zones` is 4", "use 1, 2 or 3")]);
  });

  test("log retention: searchable days and a year in all in prod, an archive longer than the searchable part", () => {
    expect(validateProfile(deriveProfile("prod", { name: "p", logRetentionDays: 30 }))).toEqual([
      expect.stringMatching(/^environment profile "p": `logRetentionDays` is 30 in a prod-tier profile; keep at least 90 days/),
    ]);
    expect(validateProfile(deriveProfile("prod", { name: "p", logArchiveDays: 180 }))).toEqual([expect.stringMatching(/`logArchiveDays` is 180 in a prod-tier profile; keep .* >= 365 days/)]);
    expect(validateProfile(deriveProfile("staging", { name: "s", logArchiveDays: 20 }))).toEqual([
      expect.stringMatching(/`logArchiveDays` is 20, not longer than `logRetentionDays` \(30\); .* or 0 for none$/),
    ]);
    expect(validateProfile(deriveProfile("dev", { name: "d", logArchiveDays: -1 }))).toEqual([expect.stringMatching(/`logArchiveDays` is -1; use a whole number of days, 0 for no archive$/)]);
    expect(validateProfile(deriveProfile("staging", { name: "s", logArchiveDays: 400 }))).toEqual([]);
    expect(ENVIRONMENT_PROFILES.prod.logArchiveDays).toBeGreaterThanOrEqual(365);
  });

  test("resolveEnvironment: names, profiles, and unknown names", () => {
    expect(resolveEnvironment("prod").profile).toBe(ENVIRONMENT_PROFILES.prod);
    const custom = deriveProfile("dev", { name: "sandbox" });
    expect(resolveEnvironment(custom)).toEqual({ profile: custom, problems: [] });
    expect(resolveEnvironment("qa").problems).toHaveLength(1);
  });

  test("Profile.of finds the nearest attached profile", () => {
    const stack = new TerraformStack(new App(), "s");
    const outer = new Construct(stack, "outer");
    const inner = new Construct(outer, "inner");
    expect(Profile.tryOf(inner)).toBeUndefined();
    expect(() => Profile.of(inner)).toThrow(messageAt("s/outer/inner", "no environment profile above this construct"));
    Profile.attach(outer, ENVIRONMENT_PROFILES.staging);
    expect(Profile.of(inner)).toBe(ENVIRONMENT_PROFILES.staging);
    Profile.attach(inner, ENVIRONMENT_PROFILES.dev);
    expect(Profile.of(inner)).toBe(ENVIRONMENT_PROFILES.dev);
  });
});
