import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import { getProfileQueryOptions } from "@/features/profile/api/get-profile";

export function deleteProfilePhoto(): Promise<void> {
  return api.delete<void>("/api/profile/photo");
}

export function useDeleteProfilePhoto(userId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteProfilePhoto,
    onSuccess: () => {
      const profileKey = getProfileQueryOptions(userId).queryKey;
      queryClient.setQueryData(profileKey, (profile) => (profile ? { ...profile, photoUrl: null } : profile));
      void queryClient.invalidateQueries({ queryKey: queryKeys.user });
      void queryClient.invalidateQueries({ queryKey: queryKeys.doctors });
    },
  });
}
