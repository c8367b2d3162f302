/**
 * A deterministic FOCUS CSV for benchmarks: one month (2026-10) of three providers (AWS in
 * FOCUS 1.2 names, Azure in 1.3's ServiceProviderName), 20 teams under messy tag keys, 200
 * services, reservation-covered usage, credits, tax, purchases and untagged rows.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const header =
  'BillingAccountId,BillingAccountName,SubAccountId,SubAccountName,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ChargeClass,ChargeFrequency,ChargeDescription,BilledCost,EffectiveCost,ListCost,ContractedCost,CommitmentDiscountId,CommitmentDiscountType,CommitmentDiscountStatus,ConsumedQuantity,ConsumedUnit,ProviderName,ServiceProviderName,PublisherName,InvoiceIssuerName,RegionId,ResourceId,ServiceName,ServiceCategory,Tags,x_UsageType';

/** A small deterministic PRNG (mulberry32), so every run imports the same file. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const providers = [
  { account: '111111111111', name: 'Acme AWS', provider: 'AWS,,AWS,AWS', services: [['Amazon Elastic Compute Cloud', 'Compute'], ['Amazon Simple Storage Service', 'Storage'], ['Amazon Relational Database Service', 'Databases']] },
  { account: 'azure-ea-42', name: 'Contoso EA', provider: ',Microsoft,Microsoft,Microsoft', services: [['Virtual Machines', 'Compute'], ['Storage Accounts', 'Storage'], ['Azure SQL Database', 'Databases']] },
  { account: '01ABCD-234567-89EFGH', name: 'Acme GCP', provider: 'Google Cloud,,Google Cloud,Google Cloud', services: [['Compute Engine', 'Compute'], ['Cloud Storage', 'Storage'], ['BigQuery', 'Analytics']] },
];
const teamKeys = ['team', 'Team', ' team', 'TEAM', 'owner'];

export async function generate(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(`${header}\n`);
  const random = rng(42);
  const period = '2026-10-01T00:00:00Z,2026-11-01T00:00:00Z';
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const p = providers[i % 3]!;
    const [serviceName, category] = p.services[Math.floor(random() * 3)]!;
    const day = 1 + Math.floor(random() * 31);
    const d = String(day).padStart(2, '0');
    const next = day === 31 ? '2026-11-01' : `2026-10-${String(day + 1).padStart(2, '0')}`;
    const team = `team-${Math.floor(random() * 20)}`;
    const service = `svc-${Math.floor(random() * 200)}`;
    const kind = random();
    let category2 = 'Usage';
    let billed = (random() * 20).toFixed(6);
    let effective = billed;
    let commitment = ',,';
    let tags = `"{""${teamKeys[i % 5]}"":""${team}"",""service"":""${service}"",""env"":""${i % 7 === 0 ? 'staging' : 'production'}""}"`;
    if (kind < 0.1) {
      effective = billed;
      billed = '0';
      commitment = `ri-${i % 50},Reservation,Used`;
    } else if (kind < 0.12) tags = '';
    else if (kind < 0.125) {
      category2 = 'Credit';
      billed = `-${billed}`;
      effective = billed;
    } else if (kind < 0.13) {
      category2 = 'Tax';
      tags = '';
    } else if (kind < 0.131) {
      category2 = 'Purchase';
      effective = '0';
      commitment = `ri-${i % 50},Reservation,`;
      tags = '';
    }
    chunk +=
      `${p.account},${p.name},sub-${i % 30},sub ${i % 30},USD,${period},2026-10-${d}T00:00:00Z,${next}T00:00:00Z,${category2},,Usage-Based,generated row ${i},` +
      `${billed},${effective},${billed},${billed},${commitment},${(random() * 100).toFixed(3)},Hours,${p.provider},eu-west-1,res-${i % 5000},${serviceName},${category},${tags},usage-${i % 13}\n`;
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  out.end();
  await once(out, 'finish');
}
