// SLOs measured at the service's edge: checked where they are written, kept out of the Prometheus rules,
// and refused where there is no edge.
import { resolveSlos } from "../../lib/observability/slo-set";
import { isEdgeSlo, prometheusSlos } from "../../lib/observability/slo";
import { validationMessages } from "../../lib/testing";
import { messageAt, targetStack, testService } from "../harness";

const resolve = (sli: unknown) => resolveSlos({ service: "checkout", defaults: false, slos: [{ name: "edge", objective: 99.9, sli: sli as never }] });

describe("edge SLIs", () => {
  test("errors and latency (with a threshold in seconds) are valid; each mistake is one message at the field", () => {
    expect(resolve({ kind: "edge", measure: "errors" }).errors).toEqual([]);
    expect(resolve({ kind: "edge", measure: "latency", thresholdSeconds: 0.25 }).errors).toEqual([]);
    // Only bounds every target's latency histogram has (Envoy's defaults), so the SLO is valid everywhere.
    for (const bad of [undefined, 0.3, 0]) {
      expect(resolve({ kind: "edge", measure: "latency", thresholdSeconds: bad }).errors).toEqual([expect.stringMatching(new RegExp(`\`slos\\[0\\].sli.thresholdSeconds\` is ${bad}; an edge latency SLI counts answers slower than one of 0.0005, .*0.25, 0.5, 1,`))]);
    }
    expect(resolve({ kind: "edge", measure: "errors", thresholdSeconds: 1 }).errors).toEqual([expect.stringMatching(/thresholdSeconds` is set on an "errors" edge SLI/)]);
    expect(resolve({ kind: "edge", measure: "5xx" }).errors).toEqual([expect.stringMatching(/`slos\[0\].sli.measure` is "5xx"; use "errors"/)]);
  });

  test("Prometheus rules are built only from the other SLOs", () => {
    const slos = resolveSlos({ service: "checkout", defaults: true, slos: [{ name: "edge", objective: 99.9, sli: { kind: "edge", measure: "errors" } }] }).slos;
    expect(slos.filter(isEdgeSlo).map((s) => s.name)).toEqual(["edge"]);
    expect(prometheusSlos(slos).map((s) => s.name)).toEqual(["availability", "latency"]);
  });

  test("a service without an edge is told once, at the service, to add one", () => {
    const { stack } = targetStack("kubernetes", { service: testService("kubernetes", { slos: [{ name: "edge-availability", objective: 99.9, sli: { kind: "edge", measure: "errors" } }] }) });
    expect(validationMessages(stack).filter((m) => m.includes("edge-availability"))).toEqual([
      messageAt("platform/checkout", '`slos` "edge-availability"', 'measures the edge (sli.kind "edge")', "the service has no `edge`", "add one"),
    ]);
  });
});
