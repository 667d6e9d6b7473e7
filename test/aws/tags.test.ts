import { readFileSync } from "fs";
import { join } from "path";
import { Channel } from "../../lib";
import { STANDARD_TAG_KEYS } from "../../lib/core/tags";
import { onlyResource, resourcesOfType, synthStack, SynthesizedStack, validationMessages } from "../../lib/testing";
import { ENVIRONMENTS } from "../support";
import { awsNotifications } from "./support";
import { messageAt, targetStack, targetSynth } from "../harness";

const PROVIDER_LIB = join(__dirname, "../../node_modules/@cdktf/provider-aws/lib");

/** Reads the provider schema (the binding's Config interface) for a resource type. */
function tagSupport(type: string): { tags: boolean; defaultTags: boolean } {
  const dts = readFileSync(join(PROVIDER_LIB, type.replace(/^aws_/, "").replace(/_/g, "-"), "index.d.ts"), "utf8");
  const config = dts.slice(dts.indexOf("Config extends cdktf.TerraformMetaArguments"));
  const body = config.slice(0, config.indexOf("\n}"));
  // Resources whose schema has `tags_all` merge the provider's default_tags.
  return { tags: /readonly tags\?:/.test(body), defaultTags: /readonly tagsAll\?:/.test(body) };
}

function assertEveryTaggableResourceTagged(synth: SynthesizedStack, env: string): number {
  const defaults = (synth.provider!.aws[0].default_tags as Array<{ tags: Record<string, string> }>)[0].tags;
  expect(defaults).toEqual({ service: "checkout", environment: env, owner: "team-checkout", "managed-by": "vigil" });
  let checked = 0;
  for (const type of Object.keys(synth.resource!)) {
    const support = tagSupport(type);
    if (!support.tags) continue;
    for (const [name, body] of resourcesOfType(synth, type)) {
      const own = (body.tags ?? {}) as Record<string, string>;
      const effective = support.defaultTags ? { ...defaults, ...own } : own;
      for (const key of STANDARD_TAG_KEYS) {
        expect({ resource: `${type}.${name}`, key, value: effective[key] }).toEqual({ resource: `${type}.${name}`, key, value: defaults[key] });
      }
      checked++;
    }
  }
  return checked;
}

describe("tags", () => {
  test.each(ENVIRONMENTS)("%s: every taggable resource carries service, environment, owner and managed-by", (env) => {
    expect(assertEveryTaggableResourceTagged(targetSynth("aws", env), env)).toBeGreaterThan(30);
  });

  test("resources outside default_tags (AWS Chatbot) get the tags explicitly", () => {
    const { stack } = targetStack("aws", {
      platform: {
        notifications: {
          ...awsNotifications,
          channels: { ...awsNotifications.channels, slack: Channel.slack("#checkout") },
          routes: { page: ["pager", "slack"], ticket: ["slack"] },
        },
        delivery: { slack: { workspaceId: "T0123ABCD", channelIds: { slack: "C0456EFGH" } } },
      },
    });
    const synth = synthStack(stack);
    expect(tagSupport("aws_chatbot_slack_channel_configuration")).toEqual({ tags: true, defaultTags: false });
    const chatbot = onlyResource(synth, "aws_chatbot_slack_channel_configuration");
    expect((chatbot.sns_topic_arns as string[]).length).toBe(2);
    assertEveryTaggableResourceTagged(synth, "prod");
  });

  test("instances and volumes launched by node groups are tagged through the launch template", () => {
    const lt = onlyResource(targetSynth("aws"), "aws_launch_template");
    const specs = lt.tag_specifications as Array<{ resource_type: string; tags: Record<string, string> }>;
    expect(specs.map((s) => s.resource_type).sort()).toEqual(["instance", "volume"]);
    for (const spec of specs) for (const key of STANDARD_TAG_KEYS) expect(spec.tags[key]).toBeTruthy();
  });

  test("user tags are added; one that would override a standard key fails synth instead of vanishing", () => {
    const { stack } = targetStack("aws", { environment: "dev", platform: { tags: { "cost-center": "cc-42", owner: "team-checkout" } } });
    const tags = (synthStack(stack).provider!.aws[0].default_tags as Array<{ tags: Record<string, string> }>)[0].tags;
    expect(tags["cost-center"]).toBe("cc-42");
    expect(tags.owner).toBe("team-checkout");
    expect(validationMessages(targetStack("aws", { environment: "dev", platform: { tags: { owner: "someone-else" } } }).stack)).toEqual([
      messageAt("test/platform", "`tags.owner`", '"someone-else"', '(to "team-checkout")', "remove it from `tags`"),
    ]);
  });
});
