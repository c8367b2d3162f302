import type { PanelDataParams } from '../../lib/api/client';

/** The "All" choice of a variable in a URL, as Grafana writes it (`var-service=$__all`). */
export const ALL = '$__all';

/**
 * A panel's request: the time range and each variable as `var-<name>`; "All" is sent as `$__all`
 * (an empty parameter would be left out, and the API would apply the default instead).
 * @example panelParams({ from: 'now-1h', to: 'now' }, { service: 'checkout', route: '' })
 *   // { from: 'now-1h', to: 'now', 'var-service': 'checkout', 'var-route': '$__all' }
 */
export function panelParams(range: { from: string; to: string }, values: Record<string, string>): PanelDataParams {
  const params: PanelDataParams = { ...range };
  for (const [name, value] of Object.entries(values)) params[`var-${name}`] = value === '' ? ALL : value;
  return params;
}
