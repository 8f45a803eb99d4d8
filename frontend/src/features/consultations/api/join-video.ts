import { useMutation } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { VideoRoom } from "@/types/api";

/**
 * A fresh token for the appointment's room. Each call is a join (the server records it), so it
 * is a mutation rather than a cached query.
 */
export function joinVideo(appointmentId: number): Promise<VideoRoom> {
  return api.get<VideoRoom>(`/api/appointments/${appointmentId}/video`);
}

export function useJoinVideo() {
  return useMutation({ mutationFn: joinVideo });
}
