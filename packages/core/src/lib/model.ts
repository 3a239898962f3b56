/** A stable item id: lowercase kebab-case, the key learner history is stored under. */
export type ItemId = string;

/** Workflow state of a question or note; only `published` items reach a bundle. */
export type ItemStatus = 'draft' | 'review' | 'published' | 'retired';

/** Every item status, in workflow order. */
export const itemStatuses: readonly ItemStatus[] = ['draft', 'review', 'published', 'retired'];
