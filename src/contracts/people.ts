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
export const UserView = z.object({
  id: z.string(),
  name: z.string(),
  initials: z.string(),
  role: z.enum(ROLES),
  active: z.boolean(),
  has_password: z.boolean(),
  has_pin: z.boolean(),
  original: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type UserView = z.infer<typeof UserView>;
export const UsersView = z.object({ users: z.array(UserView) });

const UserRef = z.object({ id: z.string(), name: z.string(), initials: z.string(), role: z.enum(ROLES) });
const DeviceRef = z.object({ id: z.string(), name: z.string() });

export const MeResponse = z.object({
  kind: z.enum(["session", "api_key"]),
  user: UserRef.nullable(),
  key: z.object({ id: z.string(), name: z.string() }).nullable(),
  device: DeviceRef.nullable(),
  abilities: z.array(z.enum(ABILITIES)),
  /** A PIN session on a shared tablet goes back to the PIN pad after this many idle seconds; null elsewhere. */
  idle_seconds: z.number().nullable(),
});
export type MeResponse = z.infer<typeof MeResponse>;

export const DeviceView = z.object({
  id: z.string(),
  name: z.string(),
  approved_by: z.string(),
  created_at: z.string(),
  last_seen_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});
export type DeviceView = z.infer<typeof DeviceView>;
export const DevicesView = z.object({ devices: z.array(DeviceView) });

export const ApiKeyView = z.object({
  id: z.string(),
  name: z.string(),
  masked: z.string(),
  abilities: z.array(z.enum(ABILITIES)),
  created_at: z.string(),
  created_by: z.string(),
  revoked_at: z.string().nullable(),
  last_used_at: z.string().nullable(),
  last_used_ip: z.string().nullable(),
});
export type ApiKeyView = z.infer<typeof ApiKeyView>;
export const ApiKeysView = z.object({ api_keys: z.array(ApiKeyView) });
/** A new named key: the only answer that carries the key itself. */
export const ApiKeyCreated = z.object({
  id: z.string(),
  name: z.string(),
  abilities: z.array(z.enum(ABILITIES)),
  api_key: z.string(),
  masked: z.string(),
  message: z.string(),
});

export const PinOperator = UserRef;
export type PinOperator = z.infer<typeof PinOperator>;
export const PinOperatorsView = z.object({ device: DeviceRef.nullable(), operators: z.array(PinOperator) });
export const PinSignedIn = z.object({ success: z.literal(true), user: UserRef, device: DeviceRef });
export const PasswordSignedIn = z.object({ success: z.literal(true), user: UserRef });
