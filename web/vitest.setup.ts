// getValueFormat reads navigator.language(s); Node 20 has no navigator (Node 21+ does).
(globalThis as { navigator?: unknown }).navigator ??= { language: 'en-US', languages: ['en-US'] };
