// The container-log part of the Fluent Bit configuration that the
// amazon-cloudwatch-observability add-on runs on every node. The add-on takes
// its Fluent Bit files as configuration values
// (`containerLogs.fluentBit.config.extraFiles`, aws-observability/helm-charts
// `charts/amazon-cloudwatch-observability/values.yaml`, made overridable for
// the add-on in helm-charts PR #43); Vigil replaces only
// `application-log.conf` and keeps the add-on's `dataplane-log.conf` (kubelet,
// containerd, aws-node, kube-proxy) and `host-log.conf` (kernel, messages,
// secure) for node and system logs.

/** A namespace whose containers' logs go to a log group of their own. */
export interface NamespaceRoute {
  /** Kubernetes namespace. */
  readonly namespace: string;
  /** Service whose namespace it is (added to each record as `service`). */
  readonly service: string;
}

/** Props of {@link applicationLogConfig}. */
interface ApplicationLogConfigProps {
  /** Log group of a namespace is `<prefix>/<namespace>`. */
  readonly logGroupPrefix: string;
  /** Log group of every other namespace's containers (Container Insights' `application` group). */
  readonly catchAllLogGroup: string;
  /** Namespaces with a log group of their own. */
  readonly routes: readonly NamespaceRoute[];
}

/** Tag of the records of a routed namespace (`rewrite_tag` emits them again under it). */
const NAMESPACE_TAG_PREFIX = "vigil.ns.";

/**
 * `application-log.conf`: container stdout/stderr from every node, JSON
 * lines parsed into `log_processed` and each record enriched with its
 * namespace, pod, container and labels (the `kubernetes` filter, as in the
 * add-on's own file); records of a service's namespace re-tagged and sent to
 * the namespace's log group with the service's name, the rest to the
 * catch-all group. Groups are created by Terraform (retention, KMS), never
 * by Fluent Bit (`auto_create_group false`): a record whose group template
 * fails goes to the catch-all group (`log_group_name`).
 */
export function applicationLogConfig(props: ApplicationLogConfigProps): string {
  const sections: string[] = [
    block("INPUT", [
      ["Name", "tail"],
      ["Tag", "application.*"],
      ["Exclude_Path", "/var/log/containers/aws-node*, /var/log/containers/kube-proxy*"],
      ["Path", "/var/log/containers/*.log"],
      ["multiline.parser", "docker, cri"],
      ["DB", "/var/fluent-bit/state/flb_container.db"],
      ["Mem_Buf_Limit", "50MB"],
      ["Skip_Long_Lines", "On"],
      ["Refresh_Interval", "10"],
      ["Rotate_Wait", "30"],
      ["storage.type", "filesystem"],
      ["Read_from_Head", "${READ_FROM_HEAD}"],
    ]),
    block("FILTER", [
      ["Name", "kubernetes"],
      ["Match", "application.*"],
      ["Kube_URL", "https://kubernetes.default.svc:443"],
      ["Kube_Tag_Prefix", "application.var.log.containers."],
      ["Merge_Log", "On"],
      ["Merge_Log_Key", "log_processed"],
      ["K8S-Logging.Parser", "On"],
      ["K8S-Logging.Exclude", "Off"],
      ["Labels", "On"],
      ["Annotations", "Off"],
      ["Use_Kubelet", "On"],
      ["Kubelet_Port", "10250"],
      ["Buffer_Size", "0"],
    ]),
  ];
  const namespaces = props.routes.map((r) => r.namespace);
  if (namespaces.length > 0) {
    sections.push(
      block("FILTER", [
        ["Name", "rewrite_tag"],
        ["Match", "application.*"],
        ["Rule", `$kubernetes['namespace_name'] ^(${namespaces.join("|")})$ ${NAMESPACE_TAG_PREFIX}$kubernetes['namespace_name'] false`],
        ["Emitter_Name", "vigil_namespaces"],
        ["Emitter_Storage.type", "filesystem"],
        ["Emitter_Mem_Buf_Limit", "50M"],
      ]),
      ...props.routes.map((r) =>
        block("FILTER", [
          ["Name", "modify"],
          ["Match", `${NAMESPACE_TAG_PREFIX}${r.namespace}`],
          ["Add", `service ${r.service}`],
        ]),
      ),
      block("OUTPUT", [
        ["Name", "cloudwatch_logs"],
        ["Match", `${NAMESPACE_TAG_PREFIX}*`],
        ["region", "${AWS_REGION}"],
        ["log_group_name", props.catchAllLogGroup],
        ["log_group_template", `${props.logGroupPrefix}/$kubernetes['namespace_name']`],
        ["log_stream_prefix", "${HOST_NAME}-"],
        ["log_stream_template", "$kubernetes['pod_name'].$kubernetes['container_name']"],
        ["auto_create_group", "false"],
        ["extra_user_agent", "container-insights"],
      ]),
    );
  }
  sections.push(
    block("OUTPUT", [
      ["Name", "cloudwatch_logs"],
      ["Match", "application.*"],
      ["region", "${AWS_REGION}"],
      ["log_group_name", props.catchAllLogGroup],
      ["log_stream_prefix", "${HOST_NAME}-"],
      ["auto_create_group", "false"],
      ["extra_user_agent", "container-insights"],
    ]),
  );
  return sections.join("\n");
}

function block(section: string, entries: ReadonlyArray<readonly [string, string]>): string {
  const width = Math.max(...entries.map(([k]) => k.length)) + 1;
  return [`[${section}]`, ...entries.map(([k, v]) => `    ${k.padEnd(width)}${v}`)].join("\n") + "\n";
}
