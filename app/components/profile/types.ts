import type { Profile, ProfileHonour, ProfileStory } from "~/domain/people/people.server";

// What the profile page's loader sends and its parts show: the domain's
// shapes (profilePage) as they arrive in the browser, the fields on screen
// and no more (loader data is serialised into the HTML).

/** A domain shape after the trip to the browser: a date may arrive as its string. */
type Wire<T> = T extends Date
  ? Date | string
  : T extends ReadonlyArray<infer U>
    ? Array<Wire<U>>
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

export interface Named {
  nameZh: string;
  nameEn: string;
}

export type HonourView = Wire<
  Omit<ProfileHonour, "campaign" | "congratulations"> & {
    campaign: Named;
    congratulations: Omit<ProfileHonour["congratulations"], "nominationId">;
  }
>;
export type CongratulationView = HonourView["congratulations"]["items"][number];
export type StoryView = Wire<ProfileStory>;
export type PersonView = Wire<Omit<Profile, "hireDate">>;

/** The form ids on the page: an answer goes to the form that asked. */
export const formIds = {
  congratulate: (nominationId: number | string) => `congratulate-${nominationId}`,
  visibility: (congratulationId: number | string) => `visibility-${congratulationId}`,
};

/** Where on the page an honour's congratulations are (the timeline links there). */
export const congratulationsAnchor = (nominationId: number) => `congratulations-${nominationId}`;

/** Said in two forms where English needs them ("1 honour", "3 honours"). */
export const plural = <K extends string>(count: number, one: K, other: K): K => (count === 1 ? one : other);
