/** One MedQA item with its id. */
export interface MedqaItem {
  id: string;
  question: string;
  options: Record<string, string>;
  answer_idx: string;
  answer: string;
  meta_info: string;
}
export function medqaRows(text: string): Omit<MedqaItem, 'id'>[];
export function medqaItems(dir: string): MedqaItem[];
export function escapeMarkdown(text: string): string;
export function splitLeadIn(question: string): { stem: string; leadIn: string };
export function medqaQuestionSource(item: MedqaItem): string;
