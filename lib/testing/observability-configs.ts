import { readdirSync, readFileSync, statSync } from "fs";
import { join, relative } from "path";
import { parseAllDocuments } from "yaml";

/** A Prometheus rule file or Alertmanager configuration found in synth output. */
export interface FoundConfig {
  /** Where it was found: file path (relative to the scanned directory) and the path inside it. */
  readonly source: string;
  /** The document: `{ groups: [...] }` for rules, alertmanager.yml for Alertmanager. */
  readonly document: Record<string, unknown>;
}

/** What a scan found. */
export interface ObservabilityConfigs {
  /** Rule files (`{ groups }`): AMP rule namespaces, PrometheusRule specs, rule files. */
  readonly ruleFiles: FoundConfig[];
  /** Alertmanager configurations (AMP definitions unwrapped, Helm values, files). */
  readonly alertmanagerConfigs: FoundConfig[];
}

/**
 * Finds every Prometheus rule file and Alertmanager configuration in a
 * synthesized output directory (e.g. `cdktf.out`): inside Terraform JSON
 * string attributes (an AMP rule namespace's `data`, an AMP Alertmanager
 * `definition`, Helm `values`) and objects (a PrometheusRule's `spec`), and in
 * generated YAML files (a Helm chart's templates). Feed each one to
 * `checkRulesWithPromtool` / `checkConfigWithAmtool`.
 */
export function findObservabilityConfigs(dir: string): ObservabilityConfigs {
  const found: ObservabilityConfigs = { ruleFiles: [], alertmanagerConfigs: [] };
  for (const file of filesUnder(dir)) {
    const text = readFileSync(file, "utf8");
    const name = relative(dir, file);
    if (file.endsWith(".json")) {
      try {
        walk(JSON.parse(text), name, found, 0);
      } catch {
        // Not JSON we can read (e.g. a plan); nothing to check.
      }
    } else {
      parseAllDocuments(text).forEach((doc, i) => walk(doc.toJS(), `${name}#${i}`, found, 0));
    }
  }
  return found;
}

/**
 * Finds every Prometheus rule file and Alertmanager configuration inside an
 * already parsed value (a synthesized stack's JSON, a Kubernetes manifest),
 * the way {@link findObservabilityConfigs} does for files.
 */
export function findObservabilityConfigsIn(value: unknown, source: string): ObservabilityConfigs {
  const found: ObservabilityConfigs = { ruleFiles: [], alertmanagerConfigs: [] };
  walk(value, source, found, 0);
  return found;
}

function walk(value: unknown, source: string, found: ObservabilityConfigs, depth: number): void {
  if (depth > 40 || value === null || value === undefined) return;
  if (typeof value === "string") {
    if (/^\s*(groups|route|receivers|alertmanager_config|global|alertmanager|prometheus)\s*:/m.test(value) && value.includes("\n")) {
      try {
        parseAllDocuments(value).forEach((doc) => walk(doc.toJS(), `${source} (YAML)`, found, depth + 1));
      } catch {
        // A string that only looks like YAML.
      }
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, `${source}[${i}]`, found, depth + 1));
    return;
  }
  if (typeof value !== "object") return;
  const obj = value as Record<string, unknown>;
  if (Array.isArray(obj.groups) && obj.groups.length > 0 && obj.groups.every((g) => g && typeof g === "object" && Array.isArray((g as { rules?: unknown }).rules))) {
    found.ruleFiles.push({ source, document: { groups: obj.groups } });
    return;
  }
  if (obj.route && typeof obj.route === "object" && Array.isArray(obj.receivers)) {
    found.alertmanagerConfigs.push({ source, document: obj });
    return;
  }
  for (const [key, v] of Object.entries(obj)) walk(v, `${source}.${key}`, found, depth + 1);
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === "node_modules" || entry === ".terraform") continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else if (/\.(json|ya?ml)$/.test(entry) && !entry.endsWith("manifest.json")) out.push(path);
  }
  return out.sort();
}
