// vigil addresses on hand-made outputs (the reference deployment's list: test/stacks/stateful-addresses.test.ts).
import { checkStatefulAddresses, describeAddressCheck } from "../../lib/cli/addresses";
import { readSynth } from "../../lib/cli/read-synth";
import { resourceAt, writeSynthDir } from "./support";

describe("vigil addresses and removed blocks", () => {
  const list = { prod: ["aws_db_instance.db"] };
  const head = (removed: unknown) => readSynth(writeSynthDir({ prod: { resource: {}, removed } }));

  test("a removed block with destroy = false lets the address go without failing the check", () => {
    const check = checkStatefulAddresses(list, head([{ from: "aws_db_instance.db", lifecycle: { destroy: false } }]));
    expect(check.disappeared).toEqual([]);
    expect(check.forgotten).toEqual([{ stack: "prod", address: "aws_db_instance.db" }]);
  });

  test("a removed block that destroys, or none, is a disappearance whose message offers the moved and the removed block", () => {
    expect(checkStatefulAddresses(list, head([{ from: "aws_db_instance.db" }])).disappeared).toEqual([{ stack: "prod", address: "aws_db_instance.db" }]);
    const check = checkStatefulAddresses(list, readSynth(writeSynthDir({ prod: { resource: { aws_db_instance: { other: resourceAt("prod/other/instance", { identifier: "other" }) } } } })));
    expect(check.disappeared).toEqual([{ stack: "prod", address: "aws_db_instance.db" }]);
    const text = describeAddressCheck(check, "stateful-addresses.json");
    expect(text).toContain('add a moved block (resource.moveFromId("aws_db_instance.db"))');
    expect(text).toContain('add a removed block with lifecycle { destroy = false } (stack.addOverride("removed", [{ from: "aws_db_instance.db", lifecycle: { destroy: false } }]))');
  });

  test("a forgotten address is reported, as a note to update the list", () => {
    const check = checkStatefulAddresses(list, head([{ from: "aws_db_instance.db", lifecycle: { destroy: false } }]));
    expect(describeAddressCheck(check, "stateful-addresses.json")).toBe(
      "prod: aws_db_instance.db leaves Terraform through a removed block with lifecycle { destroy = false } and stays in the cloud; update stateful-addresses.json once that is applied",
    );
  });
});
