import type { Nodes } from 'mdast';
import type { CheckedQuestion } from '@qbank/validate';
import type { ItemRule } from '../model.js';
import { quote, viewOf } from '../question.js';
import { rangeIn, type TextMap } from '../text.js';

const exhibitNoun = String.raw`(?:photo(?:micro)?graphs?|micrographs?|radiographs?|x-rays?|images?|figures?|tables?|graphs?|diagrams?|tracings?|electrocardiograms?|ECGs?|EKGs?|charts?|pedigrees?|curves?|scans?|smears?|illustrations?|pictures?|exhibits?|summary|results? below)`;

/** Words that point at an exhibit the item should hold. */
const exhibitReference = new RegExp(
  [
    // "is shown", "are shown below", "shown in the image" (not "has been shown to", "shown by")
    String.raw`\b(?:is|are) shown\b(?! to\b| by\b| that\b)`,
    String.raw`\bshown (?:below|above|here|in the (?:image|figure|table|photograph|exhibit))\b`,
    // "the photograph", "the table above", "this ECG"
    String.raw`\b(?:the|this|these) (?:following )?${exhibitNoun} (?:above|below|shown)\b`,
    String.raw`\b(?:the|this|these) (?:accompanying |attached |following )?(?:photo(?:micro)?graphs?|micrographs?|pictures?|illustrations?|exhibits?)\b`,
    // "Image A", "Figure 2", "Table 1" as labels
    String.raw`\b(?:Image|Figure|Exhibit|Table)s? (?:[A-H]|[1-9])\b`,
    // "refer to the summary", "see the table"
    String.raw`\b(?:refer|referring) to the (?:summary|table|image|figure|exhibit|graph|chart)\b`,
    String.raw`\bsee the (?:table|image|figure|exhibit|graph|chart)\b`,
  ].join('|'),
  'u',
);

/** A colon soon after the reference then the data, or the next lines holding values ("shown below.\nNa+ 139"). */
const dataFollows = /^(?:[^.:?]{0,60}:\s*\S|[^\n]{0,80}\n\s*[^\n]*\d)/u;

function holdsExhibit(node: Nodes): boolean {
  if (node.type === 'image' || node.type === 'imageReference' || node.type === 'table') return true;
  if (node.type === 'html' && /<(?:img|table|figure|svg)\b/i.test(node.value)) return true;
  if ((node.type as string).startsWith('mdxJsx')) return true;
  return 'children' in node && (node.children as Nodes[]).some(holdsExhibit);
}

/** Whether the question holds an image, a table or a component (an exhibit) anywhere in its body. */
function hasExhibit(question: CheckedQuestion): boolean {
  if (question.assets.length > 0) return true;
  return question.parsed.body.some((node) => holdsExhibit(node as Nodes));
}

/** `item/missing-exhibit`: the text refers to an exhibit ("is shown", "the photograph", "Image A") the item lacks. */
export const missingExhibit: ItemRule = {
  id: 'item/missing-exhibit',
  description:
    'The text refers to an exhibit ("is shown", "the photograph", "Image A", "the table above") that the item does not contain.',
  severity: 'error',
  scope: 'item',
  check(question, context) {
    if (hasExhibit(question)) return;
    const view = viewOf(question);
    const maps: TextMap[] = [view.stemText, view.leadIn, ...view.options.map((o) => o.map)];
    for (const map of maps) {
      const m = exhibitReference.exec(map.text);
      // "Results are shown below: Hemoglobin 12 g/dL...": the data follow in the text.
      if (!m || dataFollows.test(map.text.slice(m.index + m[0].length))) continue;
      context.report({
        message: `Unexpected reference to an exhibit ${quote(m[0])} in an item that has none, expected the exhibit or its findings in words`,
        hint: 'Add the image (with alt text) or the table the text refers to, or describe the findings in the vignette: as it stands, the item cannot be answered.',
        place: rangeIn(map, m.index, m.index + m[0].length) ?? view.leadInRange,
      });
      return;
    }
  },
};
