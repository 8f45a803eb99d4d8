import { useEffect, useId, useState } from "react";
import { Alert } from "@/components/alert";
import { Avatar } from "@/components/avatar";
import { Button } from "@/components/button";
import { FileField } from "@/components/file-field";
import { UploadProgress } from "@/components/upload-progress";
import { ApiError, getErrorMessage } from "@/lib/api-client";
import { useFileChoice } from "@/lib/use-file-choice";
import { mutationLabel } from "@/lib/use-online";
import type { Profile } from "@/types/api";
import { useDeleteProfilePhoto } from "@/features/profile/api/delete-profile-photo";
import {
  PHOTO_TYPES,
  photoProblem,
  useUploadProfilePhoto,
} from "@/features/profile/api/upload-profile-photo";

function uploadErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 413) {
      return "This image is larger than 5 MB. Choose a smaller one.";
    }
    const fieldMessage = error.fields.photo?.[0];
    if (error.status === 422 || error.status === 415) {
      return fieldMessage ?? "This file is not an image we can use. Choose a JPEG, PNG or WebP image.";
    }
  }
  return getErrorMessage(error);
}

/** An object URL for the chosen file, revoked when the file changes or the view goes away. */
function usePreviewUrl(file: File | null): string | null {
  const [preview, setPreview] = useState<{ file: File; url: string } | null>(null);
  useEffect(() => {
    if (!file) {
      setPreview(null);
      return;
    }
    const url = URL.createObjectURL(file);
    setPreview({ file, url });
    return () => URL.revokeObjectURL(url);
  }, [file]);
  // Never hand out the previous file's (revoked) URL while the new one is being made.
  return preview && preview.file === file ? preview.url : null;
}

type ProfilePhotoProps = {
  profile: Profile;
  /** Who sees the photo, e.g. "Patients see it in the doctor directory." */
  audience: string;
};

export function ProfilePhoto({ profile, audience }: ProfilePhotoProps) {
  const id = useId();
  const [notice, setNotice] = useState<string | null>(null);
  const choice = useFileChoice(photoProblem, () => setNotice(null));
  const { file } = choice;
  const [progress, setProgress] = useState<number | null>(null);
  const uploadMutation = useUploadProfilePhoto(profile.id);
  const deleteMutation = useDeleteProfilePhoto(profile.id);
  const previewUrl = usePreviewUrl(file);
  const isBusy = uploadMutation.isPending || deleteMutation.isPending;

  function handleUpload() {
    if (isBusy) return;
    setNotice(null);
    const chosen = choice.take("Choose a photo to upload first.");
    if (!chosen) return;
    setProgress(0);
    uploadMutation.mutate(
      { file: chosen, onProgress: setProgress },
      {
        onSuccess: () => {
          choice.clear();
          setNotice("Photo updated.");
        },
        onError: (uploadError) => choice.setError(uploadErrorMessage(uploadError)),
        onSettled: () => setProgress(null),
      },
    );
  }

  function handleRemove() {
    if (isBusy) return;
    setNotice(null);
    choice.setError(null);
    deleteMutation.mutate(undefined, {
      onSuccess: () => {
        choice.clear();
        setNotice("Photo removed.");
      },
      onError: (deleteError) => choice.setError(getErrorMessage(deleteError)),
    });
  }

  return (
    <section
      aria-labelledby={`${id}-title`}
      className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:p-6"
    >
      <h2 id={`${id}-title`} className="text-lg font-semibold text-slate-900">
        Photo
      </h2>
      <div className="mt-4 flex flex-col gap-5 sm:flex-row sm:items-start">
        <div className="flex flex-col items-center gap-2 sm:w-36">
          {previewUrl ? (
            <img
              src={previewUrl}
              width={96}
              height={96}
              alt="Preview of your new photo"
              className="size-24 rounded-full bg-slate-100 object-cover ring-2 ring-teal-600 ring-offset-2 sm:size-28"
            />
          ) : (
            <Avatar name={profile.fullName} src={profile.photoUrl} size="lg" />
          )}
          <p className="text-center text-sm text-slate-600">
            {previewUrl ? "Preview, not saved yet" : profile.photoUrl ? "Your current photo" : "No photo yet"}
          </p>
        </div>

        <div className="min-w-0 flex-1 space-y-4">
          <FileField
            label="Profile photo"
            name="photo"
            hint={<>A JPEG, PNG or WebP image of up to 5 MB. {audience}</>}
            accept={PHOTO_TYPES.join(",")}
            disabled={isBusy}
            {...choice.field}
          />

          <UploadProgress fraction={progress} />

          <div className="flex flex-col gap-3 sm:flex-row">
            <Button onClick={handleUpload} disabled={isBusy}>
              {mutationLabel(uploadMutation, "Upload photo", "Uploading…")}
            </Button>
            {profile.photoUrl ? (
              <Button variant="secondary" onClick={handleRemove} disabled={isBusy}>
                {mutationLabel(deleteMutation, "Remove photo", "Removing…")}
              </Button>
            ) : null}
          </div>

          {notice ? <Alert variant="success">{notice}</Alert> : null}
        </div>
      </div>
    </section>
  );
}
