import { z } from "zod";
import { ABILITIES, ROLES } from "../domain/abilities";

const Name = z.string({ error: "name is required" }).trim().min(1, "name is required").max(60, "name is too long (60 characters at most)");
const Initials = z
  .string({ error: "initials are required" })
  .trim()
  .min(1, "initials are required")
  .max(4, "initials are 1 to 4 characters")
  .transform((s) => s.toUpperCase());
const Role = z.enum(ROLES, { error: `role must be one of ${ROLES.join(", ")}` });
const Password = z.string().min(6, "Password must be at least 6 characters").max(1024, "Password is too long");
const Pin = z.string().regex(/^\d{4,6}$/, "PIN must be 4 to 6 digits");

export const CreateUserBody = z
  .object({ name: Name, initials: Initials, role: Role, password: Password.optional(), pin: Pin.optional() })
  .strict();

/** PUT replaces name, initials and role; password and pin change only when given (null clears them). */
export const UpdateUserBody = z
  .object({
    name: Name,
    initials: Initials,
    role: Role,
    password: Password.nullable().optional(),
    pin: Pin.nullable().optional(),
    active: z.boolean({ error: "active must be true or false" }).optional(),
  })
  .strict();

export const IdParams = z.object({ id: z.string().min(1).max(64) });

export const ApproveDeviceBody = z
  .object({ name: z.string({ error: "name is required" }).trim().min(1, "name is required").max(60, "name is too long") })
  .strict();

export const CreateApiKeyBody = z
  .object({
    name: Name,
    abilities: z
      .array(z.enum(ABILITIES, { error: `abilities must be among ${ABILITIES.join(", ")}` }))
      .min(1, "abilities must name at least one ability")
      .transform((list) => [...new Set(list)]),
  })
  .strict();

export const PinSignInBody = z
  .object({ user_id: z.string({ error: "user_id is required" }).min(1).max(64), pin: z.string({ error: "pin is required" }).max(16) })
  .strict();

export const PasswordSignInBody = z.object({ name: Name, password: z.string({ error: "password is required" }).max(1024) }).strict();

/** A user as the API shows it: never a hash, only whether a password or PIN is set. */
export type UserView = {
  id: string;
  name: string;
  initials: string;
  role: (typeof ROLES)[number];
  active: boolean;
  has_password: boolean;
  has_pin: boolean;
  original: boolean;
  created_at: string;
  updated_at: string;
};

export type MeResponse = {
  kind: "session" | "api_key";
  user: { id: string; name: string; initials: string; role: (typeof ROLES)[number] } | null;
  key: { id: string; name: string } | null;
  device: { id: string; name: string } | null;
  abilities: (typeof ABILITIES)[number][];
  /** A PIN session on a shared tablet goes back to the PIN pad after this many idle seconds; null elsewhere. */
  idle_seconds: number | null;
};

export type DeviceView = {
  id: string;
  name: string;
  approved_by: string;
  created_at: string;
  last_seen_at: string | null;
  revoked_at: string | null;
};

export type ApiKeyView = {
  id: string;
  name: string;
  masked: string;
  abilities: (typeof ABILITIES)[number][];
  created_at: string;
  created_by: string;
  revoked_at: string | null;
  last_used_at: string | null;
  last_used_ip: string | null;
};

export type PinOperator = { id: string; name: string; initials: string; role: (typeof ROLES)[number] };
