import { parser } from "@prometheus-io/lezer-promql";

/**
 * Parses a PromQL expression with Prometheus' own grammar (the parser the
 * Prometheus UI uses). Returns undefined when it parses, else a message with
 * the position and the text around it. It catches syntax errors at synth;
 * type errors (e.g. `rate()` of an instant vector) are left to `promtool`.
 */
export function promQlError(expr: string): string | undefined {
  if (!expr.trim()) return "the expression is empty";
  let at: number | undefined;
  parser.parse(expr).iterate({
    enter: (node) => {
      if (at === undefined && node.type.isError) at = node.from;
      return at === undefined;
    },
  });
  if (at === undefined) return undefined;
  const near = expr.slice(Math.max(0, at - 20), at + 20);
  return `PromQL does not parse at character ${at + 1} (near ${JSON.stringify(near)})`;
}

/** The top-level node kind of an expression, e.g. `VectorSelector`, `BinaryExpr`. */
function promQlKind(expr: string): string | undefined {
  return parser.parse(expr).topNode.firstChild?.name;
}

/** True for a plain series selector such as `http_requests_total{code=~"5.."}`. */
export function isVectorSelector(expr: string): boolean {
  return promQlError(expr) === undefined && promQlKind(expr) === "VectorSelector";
}

const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;

/** True for a Prometheus duration such as `5m` or `1h30m`. */
export function isPromDuration(value: string): boolean {
  return DURATION.test(value);
}
