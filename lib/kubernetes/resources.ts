/** CPU and memory of a container; quantities in Kubernetes notation ("250m", "1", "512Mi", "2Gi"). */
export interface ContainerResources {
  /** CPU request. @default - the construct's default, e.g. "100m" */
  readonly cpuRequest?: string;
  /** CPU limit. @default - none (no CPU throttling; requests drive scheduling) */
  readonly cpuLimit?: string;
  /** Memory request. @default - the construct's default, e.g. "128Mi" */
  readonly memoryRequest?: string;
  /** Memory limit. @default - equal to the memory request (no overcommit, predictable OOM) */
  readonly memoryLimit?: string;
}

/** The `resources` block of a container spec. */
export interface ResourceRequirements {
  /** What the scheduler reserves, by resource name: `cpu` and `memory`, as Kubernetes quantities (`250m`, `512Mi`). */
  readonly requests: Record<string, string>;
  /** Caps by resource name: `memory` always (the memory request when no limit is given), `cpu` only when a CPU limit is set. */
  readonly limits: Record<string, string>;
}

const CPU = /^(\d+(\.\d+)?)(m?)$/;
const MEMORY = /^(\d+(\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/;
const MEMORY_UNITS: Record<string, number> = { "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };

/** CPU quantity in millicores, or undefined when it is not a quantity. */
export function cpuMillis(quantity: string): number | undefined {
  const m = CPU.exec(quantity);
  return m ? Number(m[1]) * (m[3] === "m" ? 1 : 1000) : undefined;
}

/** Memory quantity in bytes, or undefined when it is not a quantity. */
export function memoryBytes(quantity: string): number | undefined {
  const m = MEMORY.exec(quantity);
  return m ? Number(m[1]) * MEMORY_UNITS[m[3] ?? ""] : undefined;
}

/**
 * Applies defaults and checks the quantities and that no request is above
 * its limit (the API server rejects such a pod only at apply time). The
 * memory limit defaults to `defaults.memoryLimit` when given (the limit that
 * will really apply, e.g. a LimitRange's), else to the memory request.
 */
export function resolveResources(
  where: string,
  resources: ContainerResources,
  defaults: { readonly cpuRequest: string; readonly memoryRequest: string; readonly memoryLimit?: string },
): { resources: ResourceRequirements; problems: string[] } {
  const problems: string[] = [];
  const cpuRequest = resources.cpuRequest ?? defaults.cpuRequest;
  const memoryRequest = resources.memoryRequest ?? defaults.memoryRequest;
  const memoryLimit = resources.memoryLimit ?? defaults.memoryLimit ?? memoryRequest;
  const check = (field: string, value: string | undefined, parse: (q: string) => number | undefined, example: string) => {
    if (value !== undefined && parse(value) === undefined) problems.push(`\`${where}.${field}\` is ${JSON.stringify(value)}, not a Kubernetes quantity; write it like ${example}`);
  };
  check("cpuRequest", cpuRequest, cpuMillis, '"250m" or "1"');
  check("cpuLimit", resources.cpuLimit, cpuMillis, '"500m" or "2"');
  check("memoryRequest", memoryRequest, memoryBytes, '"256Mi" or "1Gi"');
  check("memoryLimit", memoryLimit, memoryBytes, '"512Mi" or "2Gi"');
  const over = (req: number | undefined, lim: number | undefined) => req !== undefined && lim !== undefined && req > lim;
  if (resources.cpuLimit !== undefined && over(cpuMillis(cpuRequest), cpuMillis(resources.cpuLimit))) {
    problems.push(`\`${where}.cpuRequest\` (${cpuRequest}) is above \`cpuLimit\` (${resources.cpuLimit}); a request cannot exceed its limit — lower the request or raise the limit`);
  }
  if (over(memoryBytes(memoryRequest), memoryBytes(memoryLimit))) {
    problems.push(`\`${where}.memoryRequest\` (${memoryRequest}) is above \`memoryLimit\` (${memoryLimit}); a request cannot exceed its limit — lower the request or raise the limit`);
  }
  return {
    resources: {
      requests: { cpu: cpuRequest, memory: memoryRequest },
      limits: { ...(resources.cpuLimit !== undefined ? { cpu: resources.cpuLimit } : {}), memory: memoryLimit },
    },
    problems,
  };
}
