import type { User } from "../domain/auth/user";
import { prepareImage, storePreparedImage, type PreparedImage, type StoredImage } from "../domain/media/media.server";
import type { Db } from "../../db/client";
import { demoPhoto } from "./demo-photos";
import type { DemoPhotoScene } from "./nomination-content";
import { silent, type Report } from "./progress";

export interface DemoPhotoRef {
  scene: DemoPhotoScene;
  seed: number;
}

/**
 * The demo's photos, drawn and encoded ahead of need. Encoding (sharp, on
 * libuv's threads) is most of a first start's time, and the embedded
 * database works on the main thread: encoding the next photos while the
 * database writes people, nominations and ballots overlaps the two instead
 * of adding them. Each photo is still stored through the media use-case
 * (storePreparedImage), as the uploader's own, so it is served like any upload.
 */
export class DemoPhotos {
  private readonly prepared = new Map<string, Promise<PreparedImage>>();
  private queue: DemoPhotoRef[] = [];
  private stored = 0;
  private report: Report = silent;

  /** `total`: how many photos the load stores in all (for the progress lines). */
  constructor(private readonly total: number) {}

  /** Where each stored photo is counted (the load's progress). */
  reportTo(report: Report): void {
    this.report = report;
  }

  /** Starts drawing and encoding these, in this order, two at a time (one per core here). */
  prefetch(photos: readonly DemoPhotoRef[]): void {
    this.queue.push(...photos);
    for (let i = 0; i < 2; i++) void this.work();
  }

  private async work(): Promise<void> {
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      // Waited on, and its failure reported, by store(); here it only paces the queue.
      await this.preparing(next).catch(() => undefined);
    }
  }

  private preparing(photo: DemoPhotoRef): Promise<PreparedImage> {
    const key = `${photo.scene}:${photo.seed}`;
    let p = this.prepared.get(key);
    if (!p) {
      p = demoPhoto(photo.scene, photo.seed).then(async (bytes) => {
        const r = await prepareImage({ purpose: "photo", bytes });
        if (!r.ok) throw new Error(`demo photo ${key} was refused: ${r.error}`);
        return r.value;
      });
      this.prepared.set(key, p);
    }
    return p;
  }

  /** One photo stored as this person's upload; waits for its encoding when it is not done yet. */
  async store(db: Db, user: Pick<User, "id">, photo: DemoPhotoRef): Promise<StoredImage> {
    const stored = await storePreparedImage(db, user, await this.preparing(photo));
    if (!stored.ok) throw new Error(`demo photo ${photo.scene}:${photo.seed} was not stored: ${stored.error}`);
    this.report("photos", ++this.stored, this.total);
    return stored.value;
  }

  /** Lets go of the encoded bytes (tens of MB) once the load is done. */
  clear(): void {
    this.queue = [];
    this.prepared.clear();
  }
}
