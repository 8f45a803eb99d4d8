import { useEffect } from "react";
import { useUpdateNotificationPreferences } from "@/api/update-notification-preferences";
import { deviceTimeZone } from "@/lib/datetime";
import { usePageSettled } from "@/lib/use-page-settled";
import { useUser } from "@/features/auth/api/get-user";

/** Users whose zone was already sent in this tab: at most one try each, whatever the outcome. */
const attempted = new Set<number>();

/**
 * Gives an account that has no time zone yet (e.g. made before zones were asked for) this
 * device's, once, without telling the user: the times in their mail then read right. Sent once
 * the page opened has painted, so that it (and the CSRF token it needs) does not compete with it.
 */
export function useDeviceTimeZoneSync(): void {
  const user = useUser().data;
  const userId = user?.id ?? 0;
  const { mutate } = useUpdateNotificationPreferences(userId);
  const settled = usePageSettled();
  const needsZone = settled && user !== undefined && user !== null && user.timezone === null;

  useEffect(() => {
    if (!needsZone || attempted.has(userId)) return;
    const zone = deviceTimeZone();
    if (zone === null) return;
    attempted.add(userId);
    mutate({ timezone: zone });
  }, [needsZone, userId, mutate]);
}
