// A service's edge props, checked once where the user wrote them, the same on every target.
import { ServiceEdgeProps } from "../../lib";
import { edgeRequestOf } from "../../lib/core/components/edge";
import { messageSaying } from "../harness";

const ok: ServiceEdgeProps = { hostname: "checkout.example.com", backend: { service: "checkout-api", port: 8080 } };
const problems = (props: Partial<ServiceEdgeProps>, tier: "dev" | "staging" | "prod" = "prod") => edgeRequestOf({ service: "checkout", tier, props: { ...ok, ...props } }).problems;

describe("edge props", () => {
  test("defaults: the service's namespace, every path, /healthz, a blocking WAF at 2000 requests per 5 minutes", () => {
    expect(edgeRequestOf({ service: "checkout", tier: "prod", props: ok })).toEqual({
      problems: [],
      request: {
        hostname: "checkout.example.com",
        domains: ["checkout.example.com"],
        backend: { service: "checkout-api", port: 8080, namespace: "checkout" },
        paths: ["/"],
        healthPath: "/healthz",
        waf: { mode: "block", rateLimitPer5Minutes: 2000, allowCidrs: [], blockCidrs: [] },
        alerts: undefined,
        targets: { aws: undefined, gcp: undefined, azure: undefined, kubernetes: undefined },
      },
    });
  });

  test("a host name with a scheme, a wildcard or capitals is one message each, with the fix", () => {
    expect(problems({ hostname: "https://checkout.example.com" })).toEqual([expect.stringMatching(/^`edge.hostname` is "https:\/\/checkout.example.com", not a host name .* without scheme, port, path or wildcard/)]);
    expect(problems({ hostname: "*.example.com" })).toHaveLength(1);
    expect(problems({ hostname: "Checkout.Example.com" })).toEqual([expect.stringMatching(/\(write it in lowercase: "checkout.example.com"\)$/)]);
    expect(problems({ alternativeNames: ["www.example.com", "checkout.example.com"] })).toEqual([messageSaying("`edge.alternativeNames[1]`", '"checkout.example.com"', "already on the certificate", "name each host once")]);
  });

  test("the backend: a DNS-label Service name and a port from 1 to 65535", () => {
    expect(problems({ backend: { service: "Checkout_API", port: 0 } })).toEqual([
      expect.stringMatching(/^`edge.backend.service` "Checkout_API" is not a valid Kubernetes DNS label/),
      messageSaying("`edge.backend.port` is 0", "from 1 to 65535"),
    ]);
  });

  test("detection only is for dev: in staging and prod the WAF blocks", () => {
    expect(problems({ waf: { mode: "detect" } }, "dev")).toEqual([]);
    for (const tier of ["staging", "prod"] as const) {
      expect(problems({ waf: { mode: "detect" } }, tier)).toEqual([expect.stringMatching(new RegExp(`^\`edge.waf.mode\` is "detect" in a ${tier}-tier environment; the WAF blocks in staging and prod`))]);
    }
  });

  test("the rate limit and the CIDR lists", () => {
    expect(problems({ waf: { rateLimitPer5Minutes: 50 } })).toEqual([expect.stringMatching(/^`edge.waf.rateLimitPer5Minutes` is 50; use a whole number .* from 100 to 2000000000/)]);
    expect(problems({ waf: { allowCidrs: ["203.0.113.7/24"], blockCidrs: ["198.51.100.0/24"] } })).toEqual([expect.stringMatching(/^`edge.waf.allowCidrs\[0\]`: "203.0.113.7\/24" has host bits set; the network address is "203.0.113.0\/24"$/)]);
    expect(problems({ waf: { allowCidrs: ["198.51.100.0/24"], blockCidrs: ["198.51.100.0/24"] } })).toEqual([expect.stringMatching(/holds "198.51.100.0\/24", also in `edge.waf.allowCidrs`/)]);
  });

  test("paths start with a slash", () => {
    expect(problems({ paths: ["api"], healthPath: "healthz" })).toEqual([expect.stringMatching(/^`edge.paths\[0\]` is "api"; a path prefix starts with "\/"/), expect.stringMatching(/^`edge.healthPath` is "healthz"/)]);
  });
});
