import type { OctolensConfig } from '../config/config.js';
import type { OpenStoreParams } from './index.js';

type StoreSettings = Pick<OctolensConfig, 'clickhouseUrl' | 'clickhouseDatabase' | 'clickhouseUser' | 'clickhousePassword' | 'clickhouseCluster' | 'dataDir' | 'retentionDays'>;

/**
 * The store the settings name, for every process that opens it (the hub and `octolens migrate`),
 * so a setting such as CLICKHOUSE_PASSWORD or CLICKHOUSE_CLUSTER cannot reach one and not the other.
 * @example openTelemetryStore({ ...telemetryStoreParams(config), log })
 */
export function telemetryStoreParams(config: StoreSettings): OpenStoreParams {
  return {
    url: config.clickhouseUrl,
    database: config.clickhouseDatabase,
    username: config.clickhouseUser,
    password: config.clickhousePassword,
    cluster: config.clickhouseCluster,
    dataDir: config.dataDir,
    retentionDays: config.retentionDays,
  };
}
