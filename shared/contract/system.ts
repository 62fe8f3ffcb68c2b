import { z } from 'zod';
import { empty } from './common';
import { method } from './define';

export const health = z.object({ status: z.literal('ok'), version: z.string(), schemaVersion: z.number().int() });

export const systemMethods = {
  'system.health': method({ summary: 'Liveness and versions', access: 'public', input: empty, output: health }),
};
