import type { SearchAlertId } from "../../observability/alert-catalog";
import type { ComponentBaseProps, ComponentHandle } from "./common";

/** Cloud-neutral search props (OpenSearch Service, Elastic Cloud, ECK). */
export interface SearchProps extends ComponentBaseProps<SearchAlertId> {
  /** Engine version, e.g. "OpenSearch_2.19" on AWS or "8.19.0" for Elasticsearch. @default - the target's pinned default */
  readonly version?: string;
  /** Data nodes; on zoned targets a multiple of the zones used. @default - 3 where the profile is highly available, else 1 */
  readonly dataNodes?: number;
  /** Storage per data node in GiB. @default 100 */
  readonly storageGiB?: number;
  /** Run dedicated master (cluster-manager) nodes. @default - true where the profile is highly available */
  readonly dedicatedMasters?: boolean;
}

/** A built search cluster. */
export interface SearchHandle extends ComponentHandle {
  /** HTTPS endpoint clients use. */
  readonly endpoint: string;
}

/** Search settings after defaults. */
export interface ResolvedSearch {
  /** Number of data nodes: `dataNodes`, else 3 where the profile is highly available and 1 otherwise. */
  readonly dataNodes: number;
  /** Storage per data node in GiB. */
  readonly storageGiB: number;
  /** Dedicated masters on. */
  readonly dedicatedMasters: boolean;
}

/** Applies the defaults and checks the combination. */
export function resolveSearch(props: SearchProps, profile: { name: string; highAvailability: boolean; zones: number }): { search: ResolvedSearch; problems: string[] } {
  const problems: string[] = [];
  const dataNodes = props.dataNodes ?? (profile.highAvailability ? 3 : 1);
  const storageGiB = props.storageGiB ?? 100;
  const dedicatedMasters = props.dedicatedMasters ?? profile.highAvailability;
  if (!Number.isInteger(dataNodes) || dataNodes < 1) problems.push(`\`search.dataNodes\` is ${dataNodes}; use a whole number >= 1`);
  else if (profile.highAvailability && dataNodes % profile.zones !== 0) {
    problems.push(`\`search.dataNodes\` is ${dataNodes} in "${profile.name}", which spreads over ${profile.zones} zones; use a multiple of ${profile.zones} so every zone holds a copy`);
  }
  if (profile.highAvailability && !dedicatedMasters) {
    problems.push(`\`search.dedicatedMasters\` is false in "${profile.name}", which runs highly available; keep dedicated masters so a busy data node cannot stall the cluster`);
  }
  if (!Number.isInteger(storageGiB) || storageGiB < 10 || storageGiB > 16384) problems.push(`\`search.storageGiB\` is ${storageGiB}; use 10 to 16384`);
  return { search: { dataNodes, storageGiB, dedicatedMasters }, problems };
}
