import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { fileProblem, type FileRule } from "@/lib/file";
import { queryKeys } from "@/lib/query-keys";
import { getProfileQueryOptions } from "@/features/profile/api/get-profile";

export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
export const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
const PHOTO_EXTENSIONS = /\.(jpe?g|png|webp)$/i;

const photoRule: FileRule = {
  types: PHOTO_TYPES,
  extensions: PHOTO_EXTENSIONS,
  maxBytes: PHOTO_MAX_BYTES,
  typeMessage: "Choose a JPEG, PNG or WebP image.",
  sizeMessage: "This image is larger than 5 MB. Choose a smaller one.",
  emptyMessage: "This file is empty. Choose another image.",
};

/** A reason to refuse the file before sending it, or null when it may be uploaded. */
export function photoProblem(file: File): string | null {
  return fileProblem(file, photoRule);
}

export type UploadProfilePhotoInput = {
  file: File;
  onProgress?: (fraction: number) => void;
};

export function uploadProfilePhoto({ file, onProgress }: UploadProfilePhotoInput): Promise<{ photoUrl: string }> {
  const body = new FormData();
  body.append("photo", file);
  return api.upload<{ photoUrl: string }>("/api/profile/photo", body, { onProgress });
}

export function useUploadProfilePhoto(userId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: uploadProfilePhoto,
    onSuccess: ({ photoUrl }) => {
      const profileKey = getProfileQueryOptions(userId).queryKey;
      queryClient.setQueryData(profileKey, (profile) => (profile ? { ...profile, photoUrl } : profile));
      void queryClient.invalidateQueries({ queryKey: queryKeys.user });
      void queryClient.invalidateQueries({ queryKey: queryKeys.doctors });
    },
  });
}
