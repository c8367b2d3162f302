/**
 * Which host a row is about (docs/infrastructure.md, "Which host"):
 * - spans and log records: the `host.name` resource attribute (OTel resource conventions);
 * - metric points: `host.name`; else `k8s.node.name` (kubeletstats names the node, not a
 *   host); else, for node_exporter (`node_*`) and cAdvisor (`container_*`) series that came by
 *   remote_write, the `instance` label without its port: `node-1:9100` → `node-1`,
 *   `[fe80::1]:9100` → `fe80::1`. Kubernetes service discovery already sets a node's
 *   `instance` to the node name, without a port.
 * '' when none applies.
 */

export const SIGNAL_HOST = `ResourceAttributes['host.name']`;

/** The `instance` label without `:port` (brackets of an IPv6 address dropped too); as is without a port. */
const INSTANCE_HOST = `replaceRegexpOne(Attributes['instance'], '^(?:\\\\[(.+)\\\\]|([^:]+)):[0-9]+$', '\\\\1\\\\2')`;

export const METRIC_HOST = `multiIf(
    ResourceAttributes['host.name'] != '', ResourceAttributes['host.name'],
    ResourceAttributes['k8s.node.name'] != '', ResourceAttributes['k8s.node.name'],
    match(MetricName, '^(node|container)_'), ${INSTANCE_HOST},
    '')`;

/** Conditions for rows about one host (`{host:String}`), or about any host. */
export const hostConditions = (expr: string, host: string | undefined) => (host === undefined ? [`${expr} != ''`] : [`${expr} = {host:String}`]);

/**
 * Metric names this module reads, as a SQL list: they are constants of the code, never input.
 * @example sqlNames(['a', 'b']) === "'a', 'b'"
 */
export const sqlNames = (names: readonly string[]) => names.map((n) => `'${n}'`).join(', ');
