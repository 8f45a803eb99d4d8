import { useEffect, useId, useRef, useState, type ChangeEvent } from "react";
import { Alert } from "@/components/alert";
import { Avatar } from "@/components/avatar";
import { Button } from "@/components/button";
import { controlClassName } from "@/components/field";
import { ApiError, getErrorMessage } from "@/lib/api-client";
import { cn } from "@/lib/cn";
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

function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

type ProfilePhotoProps = {
  profile: Profile;
  /** Who sees the photo, e.g. "Patients see it in the doctor directory." */
  audience: string;
};

export function ProfilePhoto({ profile, audience }: ProfilePhotoProps) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const uploadMutation = useUploadProfilePhoto(profile.id);
  const deleteMutation = useDeleteProfilePhoto(profile.id);
  const previewUrl = usePreviewUrl(file);
  const isBusy = uploadMutation.isPending || deleteMutation.isPending;

  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;

  function clearInput() {
    setFile(null);
    if (inputRef.current) inputRef.current.value = "";
  }

  function handleFileChange(event: ChangeEvent<HTMLInputElement>) {
    const chosen = event.target.files?.[0] ?? null;
    setNotice(null);
    if (!chosen) {
      setFile(null);
      setError(null);
      return;
    }
    const problem = photoProblem(chosen);
    setError(problem);
    setFile(problem ? null : chosen);
  }

  function handleUpload() {
    if (isBusy) return;
    setNotice(null);
    if (!file) {
      setError(error ?? "Choose a photo to upload first.");
      inputRef.current?.focus();
      return;
    }
    setError(null);
    setProgress(0);
    uploadMutation.mutate(
      { file, onProgress: setProgress },
      {
        onSuccess: () => {
          clearInput();
          setNotice("Photo updated.");
        },
        onError: (uploadError) => setError(uploadErrorMessage(uploadError)),
        onSettled: () => setProgress(null),
      },
    );
  }

  function handleRemove() {
    if (isBusy) return;
    setNotice(null);
    setError(null);
    deleteMutation.mutate(undefined, {
      onSuccess: () => {
        clearInput();
        setNotice("Photo removed.");
      },
      onError: (deleteError) => setError(getErrorMessage(deleteError)),
    });
  }

  const percent = progress === null ? null : Math.round(progress * 100);

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
          <div className="space-y-1.5">
            <label htmlFor={`${id}-input`} className="block text-sm font-semibold text-slate-900">
              Profile photo
            </label>
            <p id={hintId} className="text-sm text-slate-600">
              A JPEG, PNG or WebP image of up to 5 MB. {audience}
            </p>
            <input
              ref={inputRef}
              id={`${id}-input`}
              name="photo"
              type="file"
              accept={PHOTO_TYPES.join(",")}
              onChange={handleFileChange}
              disabled={isBusy}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${hintId} ${errorId}` : hintId}
              className={cn(
                controlClassName,
                "cursor-pointer px-2 py-2 text-sm file:mr-3 file:cursor-pointer file:rounded-md file:border-0 file:bg-teal-50 file:px-3 file:py-2 file:font-semibold file:text-teal-900",
              )}
            />
            {file ? (
              <p className="text-sm text-slate-700">
                Selected: <span className="font-medium break-all">{file.name}</span> ({formatSize(file.size)})
              </p>
            ) : null}
            {error ? (
              <p id={errorId} role="alert" className="text-sm font-medium text-red-700">
                {error}
              </p>
            ) : null}
          </div>

          {percent !== null ? (
            <div className="space-y-1">
              <progress
                value={percent}
                max={100}
                aria-label="Upload progress"
                className="h-2 w-full overflow-hidden rounded-full [&::-moz-progress-bar]:bg-teal-700 [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-teal-700"
              />
              <p className="text-sm text-slate-700">Uploading… {percent}%</p>
            </div>
          ) : null}

          <div className="flex flex-col gap-3 sm:flex-row">
            <Button onClick={handleUpload} disabled={isBusy}>
              {uploadMutation.isPending ? "Uploading…" : "Upload photo"}
            </Button>
            {profile.photoUrl ? (
              <Button variant="secondary" onClick={handleRemove} disabled={isBusy}>
                {deleteMutation.isPending ? "Removing…" : "Remove photo"}
              </Button>
            ) : null}
          </div>

          {notice ? <Alert variant="success">{notice}</Alert> : null}
        </div>
      </div>
    </section>
  );
}
