import { createContext } from 'svelte';
import type { Router } from '../router/router.svelte';
import type { ApiClient } from '../api/client';
import type { Session } from './session.svelte';
import type { TimeRange } from './time-range.svelte';

/** Per-app state handed down through context (not module singletons), so a test can mount a page with its own. */
export const [getRouter, setRouter] = createContext<Router>();
export const [getTimeRange, setTimeRange] = createContext<TimeRange>();
export const [getApi, setApi] = createContext<ApiClient>();
export const [getSession, setSession] = createContext<Session>();
