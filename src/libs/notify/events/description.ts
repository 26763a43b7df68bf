import type { Span } from '../message.ts';
import type { Read } from './read-payload.ts';

/** What a describer knows of a delivery before it looks at the event's own objects. */
export interface Delivery {
  event: string;
  action?: string;
  read: Read;
  /** Who acted: the sender's login. */
  actor?: string;
  /** The repository's full name, else the organisation's or enterprise's. */
  where?: string;
}

/** Identical messages a digest merges into one line: `★ 16 new stars on Codertocat/Hello-World`. */
interface Tally {
  key: string;
  /** The merged line after its count: `new stars on Codertocat/Hello-World`. */
  many: string;
  icon?: string;
}

/** An event as a person would tell it: a title naming the thing, what happened and where; a few lines more at most. */
export interface Description {
  title: string;
  body?: Span[];
  /** good, warning, attention or accent. */
  color?: string;
  url?: string;
  tally?: Tally;
}

export type Describe = (delivery: Delivery) => Description;
