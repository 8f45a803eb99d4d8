import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { api, refreshCsrfToken } from "@/lib/api-client";
import type { User } from "@/types/api";
import { getUserQueryOptions } from "@/features/auth/api/get-user";

export const loginRoles = ["patient", "doctor"] as const;

export const loginInputSchema = z
  .object({
    role: z.enum(loginRoles),
    identifier: z
      .string()
      .trim()
      .min(1, "Enter your email or phone number.")
      .max(254, "Use at most 254 characters."),
    password: z.string().min(1, "Enter your password.").max(1024, "Use at most 1024 characters."),
    employeeId: z.string().trim().max(64, "Use at most 64 characters."),
  })
  .superRefine((values, ctx) => {
    if (values.role === "doctor" && values.employeeId === "") {
      ctx.addIssue({ code: "custom", path: ["employeeId"], message: "Enter your employee ID." });
    }
  })
  .transform(({ role, identifier, password, employeeId }): LoginInput =>
    role === "doctor" ? { identifier, password, employeeId } : { identifier, password },
  );

export type LoginFormValues = z.input<typeof loginInputSchema>;

export type LoginInput = {
  identifier: string;
  password: string;
  employeeId?: string;
};

export function login(input: LoginInput): Promise<User> {
  return api.post<User>("/api/login", input);
}

type UseLoginOptions = {
  onSuccess?: (user: User) => void;
};

export function useLogin({ onSuccess }: UseLoginOptions = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (user) => {
      refreshCsrfToken();
      queryClient.setQueryData(getUserQueryOptions().queryKey, user);
      onSuccess?.(user);
    },
  });
}
