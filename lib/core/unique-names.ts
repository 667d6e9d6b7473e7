import type { IConstruct } from "constructs";

/**
 * Names that must be unique within one owner (a platform): service names,
 * the names of its components' cloud resources, namespaces. Two constructs
 * asking for the same name would make Terraform write one resource over the
 * other (a second RDS instance `shared-db`, alarms of the same name), or fail
 * at apply; the second one is told at synth, with both construct paths.
 */
export class UniqueNames {
  private static readonly owners = new WeakMap<IConstruct, UniqueNames>();

  /** The names claimed under `owner` (one set per owner, created on first use). */
  public static of(owner: IConstruct): UniqueNames {
    let names = UniqueNames.owners.get(owner);
    if (!names) {
      names = new UniqueNames();
      UniqueNames.owners.set(owner, names);
    }
    return names;
  }

  private readonly claimed = new Map<string, string>();

  private constructor() {}

  /**
   * Claims `name` in the space `kind` (e.g. "postgres", "namespace") for the
   * construct at `path`. Returns the path that claimed it first, or
   * undefined when the name was free (or is already this path's).
   */
  public claim(kind: string, name: string, path: string): string | undefined {
    const key = `${kind}\u0000${name}`;
    const first = this.claimed.get(key);
    if (first !== undefined && first !== path) return first;
    this.claimed.set(key, path);
    return undefined;
  }
}
