/** The case cards' data: the case a button names. */
import { z } from '../domain/zod.js';
import { parseWith, type Parsed } from './input.js';
import type { CardData } from './reply.js';

export interface CaseRef {
  caseId: string;
}

const CaseRefSchema = z.looseObject({ caseId: z.uuid() });

export function caseRefOf(data: CardData): Parsed<CaseRef> {
  return parseWith(CaseRefSchema, data, (d) => ({ caseId: d.caseId }));
}
