import { cidrSubnet, cidrsOverlap, formatCidr, isCidr, parseCidr, Ipv4Cidr } from "../../lib/core/cidr";
import { messageSaying } from "../harness";

describe("CIDR arithmetic", () => {
  test("parses and formats", () => {
    expect(formatCidr(parseCidr("10.20.0.0/16") as Ipv4Cidr)).toBe("10.20.0.0/16");
    expect(isCidr("0.0.0.0/0")).toBe(true);
    expect(isCidr("10.0.0.1/24")).toBe(false);
    expect(isCidr("10.0.0.0")).toBe(false);
  });

  test("cidrSubnet matches Terraform's cidrsubnet", () => {
    const base = parseCidr("10.0.0.0/16") as Ipv4Cidr;
    // cidrsubnet("10.0.0.0/16", 3, 2) = "10.0.64.0/19"; cidrsubnet("10.0.0.0/16", 8, 255) = "10.0.255.0/24"
    expect(formatCidr(cidrSubnet(base, 3, 2))).toBe("10.0.64.0/19");
    expect(formatCidr(cidrSubnet(base, 8, 255))).toBe("10.0.255.0/24");
    expect(formatCidr(cidrSubnet(parseCidr("192.168.0.0/20") as Ipv4Cidr, 4, 15))).toBe("192.168.15.0/24");
    expect(() => cidrSubnet(base, 3, 8)).toThrow(messageSaying("netnum 8", "3 bits"));
  });

  test("overlap", () => {
    const c = (s: string) => parseCidr(s) as Ipv4Cidr;
    expect(cidrsOverlap(c("10.0.0.0/16"), c("10.0.128.0/17"))).toBe(true);
    expect(cidrsOverlap(c("10.0.0.0/17"), c("10.0.128.0/17"))).toBe(false);
  });
});
