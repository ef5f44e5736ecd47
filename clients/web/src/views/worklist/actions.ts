// What a person can do with an open work item (WorkItemActions.vue).
export type WorkItemAction = "complete" | "promise" | "dispute" | "snooze" | "reassign";
