import { z } from "zod";

// Checks are interpreted, never compiled with `new Function`: the Content Security Policy allows
// no eval, and zod's feature test of eval would be reported as a violation. Every import of zod
// goes through this module, so the setting is in place before any schema is made.
z.config({ jitless: true });

export { z };
