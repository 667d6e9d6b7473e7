import { Construct } from "constructs";
import { BinaryAuthorizationPolicy } from "@cdktf/provider-google/lib/binary-authorization-policy";
import type { EnvironmentProfile } from "../core/environment";
import { platformImageSources } from "../kubernetes/for-clouds";

/** GKE's Binary Authorization settings of a {@link GcpPlatform}. */
export interface GkeBinaryAuthorizationProps {
  /**
   * Where your own images come from, as `registry/path`: everything below
   * the path is admitted (`europe-west1-docker.pkg.dev/shared-images/apps`
   * admits `.../apps/checkout-api:1.4.2`). End an entry with `*` (within
   * one path segment) or `**` (any depth) to write the pattern yourself.
   * A bare registry (`docker.io`) is refused: it would admit anyone's image.
   * @default - none besides the project's own Artifact Registry in the platform's region and the images of Vigil's operators
   */
  readonly allowedImageRegistries?: readonly string[];
}

/** Enforcement of the project policy per environment: blocked in prod, only logged elsewhere. */
function binaryAuthorizationEnforcement(profile: EnvironmentProfile): "ENFORCED_BLOCK_AND_AUDIT_LOG" | "DRYRUN_AUDIT_LOG_ONLY" {
  return profile.tier === "prod" ? "ENFORCED_BLOCK_AND_AUDIT_LOG" : "DRYRUN_AUDIT_LOG_ONLY";
}

// Binary Authorization's `name_pattern`: "registry/path", a trailing "*" (not crossing "/") or
// "**" (any depth) only after "registry/" (API reference, AdmissionWhitelistPattern).
const REGISTRY = /^(localhost|[a-z0-9-]+(\.[a-z0-9-]+)+)(:\d+)?$/;
const PATH = /^[A-Za-z0-9._/-]*$/;

/**
 * The allowlist pattern for one entry of `allowedImageRegistries` (a path
 * gets `/**`, an entry ending in a wildcard is kept), or a problem naming
 * the entry and the fix.
 */
export function registryPattern(entry: string): { pattern?: string; problem?: string } {
  const fix = 'write "registry/path" with at least one path segment, optionally ending in "*" or "**", e.g. "europe-west1-docker.pkg.dev/checkout-prod-123456/apps"';
  const wildcard = /\*\*?$/.exec(entry)?.[0] ?? "";
  const body = entry.slice(0, entry.length - wildcard.length);
  const [registry, ...rest] = body.split("/");
  const path = rest.join("/");
  if (!REGISTRY.test(registry ?? "") || !PATH.test(path) || body.includes("*")) {
    return { problem: `\`binaryAuthorization.allowedImageRegistries\` entry ${JSON.stringify(entry)} is not an image path Binary Authorization accepts; ${fix}` };
  }
  if (path.replace(/\/+$/, "") === "") {
    return { problem: `\`binaryAuthorization.allowedImageRegistries\` entry ${JSON.stringify(entry)} names a whole registry, which would admit anyone's image; ${fix}` };
  }
  return { pattern: wildcard ? entry : `${body.replace(/\/+$/, "")}/**` };
}

/** Props of {@link GkeBinaryAuthorization}. */
export interface GkeBinaryAuthorizationPolicyProps extends GkeBinaryAuthorizationProps {
  /** Project id (the policy is the project's only one). */
  readonly project: string;
  /** Region: the project's Artifact Registry there is admitted. */
  readonly region: string;
  /** Environment profile (enforcement). */
  readonly profile: EnvironmentProfile;
}

/**
 * The project's Binary Authorization policy, which the GKE cluster
 * evaluates (`PROJECT_SINGLETON_POLICY_ENFORCE`): Google-maintained system
 * images through the global policy (`global_policy_evaluation_mode =
 * ENABLE`), an allowlist of the images Vigil's operators and engines run
 * ({@link platformImageSources}), the project's Artifact Registry in the
 * region and the user's registries; every other image is denied — blocked
 * in prod, logged only (dry run) elsewhere, so staging shows what prod
 * would refuse. A project has one policy: two platforms in one project
 * would overwrite each other's.
 */
export class GkeBinaryAuthorization extends Construct {
  /** The project's Binary Authorization policy (`google_binary_authorization_policy`): `admittedPatterns` allowed, every other image denied (blocked in prod, dry run elsewhere). */
  public readonly policy: BinaryAuthorizationPolicy;
  /** The allowlist patterns, sorted. */
  public readonly admittedPatterns: readonly string[];
  /** Problems with the user's entries. */
  public readonly problems: readonly string[];

  constructor(scope: Construct, id: string, props: GkeBinaryAuthorizationPolicyProps) {
    super(scope, id);
    const problems: string[] = [];
    const own: string[] = [];
    for (const entry of props.allowedImageRegistries ?? []) {
      const { pattern, problem } = registryPattern(entry);
      if (problem) problems.push(problem);
      if (pattern) own.push(pattern);
    }
    // A source ending in "/" is an organisation: any repository directly in it; otherwise a repository's tags and digests.
    const platform = platformImageSources().map((source) => `${source}*`);
    this.admittedPatterns = [...new Set([...platform, `${props.region}-docker.pkg.dev/${props.project}/**`, ...own])].sort();
    this.problems = problems;
    this.policy = new BinaryAuthorizationPolicy(this, "policy", {
      project: props.project,
      description: "Managed by Vigil: Google system images, the platform's operators and the team's registries; everything else denied",
      globalPolicyEvaluationMode: "ENABLE",
      admissionWhitelistPatterns: this.admittedPatterns.map((namePattern) => ({ namePattern })),
      defaultAdmissionRule: { evaluationMode: "ALWAYS_DENY", enforcementMode: binaryAuthorizationEnforcement(props.profile) },
    });
  }
}
