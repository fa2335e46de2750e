/**
 * zod with `.openapi()`: the HTTP schemas carry their OpenAPI component names and
 * notes, so the document is generated from them (`paths.ts`, server/src/api/openapi.ts).
 * The extension only adds that method to zod's prototype; parsing is unchanged.
 */
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

export { z };
