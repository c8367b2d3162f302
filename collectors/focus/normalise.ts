/**
 * FOCUS 1.0–1.3 CSV records → cost_items rows. Pure: no I/O.
 *
 * A header names the columns (FOCUS column names, case as the spec spells them); a record is
 * refused on its own, with its line and the reason, when a value does not parse (a decimal,
 * a date, the Tags JSON) or a column the spec requires is empty. FOCUS semantics the rows keep:
 * BilledCost is what the invoice says (a reservation-covered usage row bills 0; a purchase
 * bills its price), EffectiveCost is the amortised cost showback uses (a commitment purchase
 * has 0, its cost spread over the usage rows it covers and the Unused rows); credits are
 * negative; tax is its own ChargeCategory. Nothing here adds money: amounts stay text.
 */
import type { CostItemRow } from '../../server/storage/rows.js';
import { Money } from '../../server/cost/decimal.js';
import { allocate, normaliseTags, type CostRules } from '../../server/cost/rules.js';

/** Columns without which no row can be placed or summed. */
export const requiredColumns = [
  'BillingAccountId',
  'BillingCurrency',
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'ChargeCategory',
  'BilledCost',
  'EffectiveCost',
] as const;

const textColumns = [
  'BillingAccountName',
  'SubAccountId',
  'SubAccountName',
  'ChargeClass',
  'ChargeFrequency',
  'ChargeDescription',
  'CommitmentDiscountId',
  'CommitmentDiscountType',
  'CommitmentDiscountStatus',
  'ConsumedUnit',
  'PricingUnit',
  'ProviderName',
  'ServiceProviderName',
  'HostProviderName',
  'PublisherName',
  'InvoiceIssuerName',
  'RegionId',
  'RegionName',
  'ResourceId',
  'ResourceName',
  'ResourceType',
  'ServiceName',
  'ServiceCategory',
  'ServiceSubcategory',
] as const;
const optionalAmounts = ['ListCost', 'ContractedCost', 'ConsumedQuantity', 'PricingQuantity'] as const;
const chargeCategories = new Set(['Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment']);

/** Decimal(38, 10): 28 integer digits. */
const maxAmount = new Money('1e28');
const decimalPattern = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const plainDecimal = /^-?\d{1,28}(?:\.\d{1,10})?$/;

/** Where a header's columns are. */
export interface FocusHeader {
  index: Map<string, number>;
  /** columns stored as they are in ExtraColumns: x_ columns and FOCUS columns without their own */
  extra: Array<[string, number]>;
  columns: number;
}

const known = new Set<string>([...requiredColumns, ...textColumns, ...optionalAmounts, 'Tags']);

/** @throws Error naming the missing columns */
export function readHeader(record: string[]): FocusHeader {
  const index = new Map<string, number>();
  const extra: Array<[string, number]> = [];
  record.forEach((raw, i) => {
    const name = raw.trim();
    if (name === '') return;
    if (index.has(name)) throw new Error(`column "${name}" appears twice in the header`);
    index.set(name, i);
    if (!known.has(name)) extra.push([name, i]);
  });
  const missing = requiredColumns.filter((c) => !index.has(c));
  if (missing.length > 0) {
    throw new Error(`not a FOCUS header: missing ${missing.join(', ')} (line 1 must name the FOCUS columns; got ${record.slice(0, 8).map((c) => JSON.stringify(c)).join(', ')}${record.length > 8 ? ', …' : ''})`);
  }
  return { index, extra, columns: record.length };
}

export interface ImportContext {
  importId: string;
  part: number;
  /** DateTime64(3) text */
  importedAt: string;
  rules: CostRules;
}

export type NormaliseResult = { row: CostItemRow } | { error: string };

/** A decimal amount as Decimal(38, 10) text (10 fraction digits, half-even), or an error. */
export function decimalText(value: string, column: string): string | { error: string } {
  // The common case (a plain number with at most 10 fraction digits and 28 integer digits)
  // is already what ClickHouse reads exactly: kept as text, no decimal.js on the hot path.
  if (plainDecimal.test(value)) return value;
  const v = value.trim();
  if (!decimalPattern.test(v)) return { error: `${column}: not a decimal number: ${JSON.stringify(value.slice(0, 40))}` };
  const d = new Money(v);
  if (d.abs().gte(maxAmount)) return { error: `${column}: ${v} is out of range (at most 28 integer digits)` };
  return d.toFixed(10);
}

/**
 * FOCUS date-times are ISO 8601 in UTC (`2026-11-01T00:00:00Z`); a value without a zone is
 * read as UTC, a date alone as its midnight. → epoch seconds.
 */
export function utcSeconds(value: string, column: string): number | { error: string } {
  // an export repeats the same few period bounds millions of times
  const known = seconds.get(value);
  if (known !== undefined) return known;
  const result = parseUtcSeconds(value, column);
  if (typeof result === 'number') {
    if (seconds.size >= 10_000) seconds.clear();
    seconds.set(value, result);
  }
  return result;
}

const seconds = new Map<string, number>();

function parseUtcSeconds(value: string, column: string): number | { error: string } {
  const v = value.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(v);
  if (!m) return { error: `${column}: not an ISO 8601 date-time: ${JSON.stringify(value.slice(0, 40))}` };
  const [, y, mo, d, h = '00', mi = '00', s = '00', zone] = m;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(ms);
  if (check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return { error: `${column}: not a valid date-time: ${JSON.stringify(v)}` };
  }
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  const seconds = Math.floor(ms / 1000);
  // DateTime('UTC') holds 1970 … 2106
  if (seconds < 0 || seconds > 4_102_444_800) return { error: `${column}: ${v} is outside 1970-01-01 … 2100-01-01` };
  return seconds;
}

function parseTags(value: string): { tags: Record<string, string> } | { error: string } {
  const v = value.trim();
  if (v === '') return { tags: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(v);
  } catch {
    return { error: `Tags: not a JSON object: ${JSON.stringify(v.slice(0, 60))}` };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { error: 'Tags: expected a JSON object of key-value pairs' };
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(parsed as Record<string, unknown>)) {
    // FOCUS tag values are strings; a provider exporting true or 3 gets them as text, a key without a value as ''
    out[k] = val === null ? '' : typeof val === 'object' ? JSON.stringify(val) : String(val);
  }
  return { tags: out };
}

/** One CSV record → a row, or why it was refused. `line` is the record's first line in the file. */
export function normaliseRecord(header: FocusHeader, record: string[], line: number, ctx: ImportContext): NormaliseResult {
  if (record.length !== header.columns) return { error: `expected ${header.columns} fields as in the header, got ${record.length}` };
  const get = (name: string) => {
    const i = header.index.get(name);
    return i === undefined ? '' : record[i]!;
  };
  for (const c of requiredColumns) if (get(c).trim() === '') return { error: `${c} is empty (FOCUS requires it)` };

  const category = get('ChargeCategory').trim();
  if (!chargeCategories.has(category)) return { error: `ChargeCategory: expected Usage, Purchase, Tax, Credit or Adjustment, got ${JSON.stringify(category.slice(0, 40))}` };

  const amounts: Record<string, string> = {};
  for (const c of ['BilledCost', 'EffectiveCost'] as const) {
    const d = decimalText(get(c), c);
    if (typeof d !== 'string') return d;
    amounts[c] = d;
  }
  for (const c of optionalAmounts) {
    const raw = get(c);
    if (raw.trim() === '') {
      amounts[c] = '0';
      continue;
    }
    const d = decimalText(raw, c);
    if (typeof d !== 'string') return d;
    amounts[c] = d;
  }
  const times: Record<string, number> = {};
  for (const c of ['BillingPeriodStart', 'BillingPeriodEnd', 'ChargePeriodStart', 'ChargePeriodEnd'] as const) {
    const t = utcSeconds(get(c), c);
    if (typeof t !== 'number') return t;
    times[c] = t;
  }
  if (times.BillingPeriodEnd! <= times.BillingPeriodStart!) return { error: 'BillingPeriodEnd must be after BillingPeriodStart' };
  if (times.ChargePeriodEnd! < times.ChargePeriodStart!) return { error: 'ChargePeriodEnd must not be before ChargePeriodStart' };
  const currency = get('BillingCurrency').trim().toUpperCase();
  if (!/^[A-Z0-9]{2,10}$/.test(currency)) return { error: `BillingCurrency: expected a currency code such as USD, got ${JSON.stringify(currency.slice(0, 20))}` };
  const tags = parseTags(get('Tags'));
  if ('error' in tags) return tags;

  const text = Object.fromEntries(textColumns.map((c) => [c, get(c).trim()])) as Record<(typeof textColumns)[number], string>;
  const extra: Record<string, string> = {};
  for (const [name, i] of header.extra) if (record[i] !== '') extra[name] = record[i]!;
  const tagMap = tags.tags;
  const allocation = allocate(ctx.rules, {
    fields: {
      provider: text.ServiceProviderName || text.ProviderName,
      billingAccountId: get('BillingAccountId').trim(),
      subAccountId: text.SubAccountId,
      subAccountName: text.SubAccountName,
      serviceName: text.ServiceName,
      serviceCategory: text.ServiceCategory,
      chargeCategory: category,
      regionId: text.RegionId,
      resourceType: text.ResourceType,
      resourceId: text.ResourceId,
    },
    tags: normaliseTags(tagMap),
  });
  return {
    row: {
      ImportId: ctx.importId,
      Part: ctx.part,
      Line: line,
      ImportedAt: ctx.importedAt,
      BillingAccountId: get('BillingAccountId').trim(),
      BillingAccountName: text.BillingAccountName,
      SubAccountId: text.SubAccountId,
      SubAccountName: text.SubAccountName,
      BillingPeriodStart: times.BillingPeriodStart!,
      BillingPeriodEnd: times.BillingPeriodEnd!,
      ChargePeriodStart: times.ChargePeriodStart!,
      ChargePeriodEnd: times.ChargePeriodEnd!,
      BillingCurrency: currency,
      BilledCost: amounts.BilledCost!,
      EffectiveCost: amounts.EffectiveCost!,
      ListCost: amounts.ListCost!,
      ContractedCost: amounts.ContractedCost!,
      ChargeCategory: category,
      ChargeClass: text.ChargeClass,
      ChargeFrequency: text.ChargeFrequency,
      ChargeDescription: text.ChargeDescription,
      CommitmentDiscountId: text.CommitmentDiscountId,
      CommitmentDiscountType: text.CommitmentDiscountType,
      CommitmentDiscountStatus: text.CommitmentDiscountStatus,
      ConsumedQuantity: amounts.ConsumedQuantity!,
      ConsumedUnit: text.ConsumedUnit,
      PricingQuantity: amounts.PricingQuantity!,
      PricingUnit: text.PricingUnit,
      ProviderName: text.ProviderName,
      ServiceProviderName: text.ServiceProviderName,
      HostProviderName: text.HostProviderName,
      PublisherName: text.PublisherName,
      InvoiceIssuerName: text.InvoiceIssuerName,
      RegionId: text.RegionId,
      RegionName: text.RegionName,
      ResourceId: text.ResourceId,
      ResourceName: text.ResourceName,
      ResourceType: text.ResourceType,
      ServiceName: text.ServiceName,
      ServiceCategory: text.ServiceCategory,
      ServiceSubcategory: text.ServiceSubcategory,
      Tags: tagMap,
      ExtraColumns: extra,
      Team: allocation.team,
      Service: allocation.service,
      Environment: allocation.environment,
      SharedRule: allocation.shared,
    },
  };
}
