import { useEffect, useState } from "preact/hooks";
import { api } from "../../app-state";
import { LineChart, TableAlt } from "../stats/charts";
import { CalcPanel, type MachineKey, MachineSelect, machineName, NumberField, ZoneBadge, ZoneBar } from "./shared";

type Zones = Record<string, { impulse_min: number; impulse_max: number }>;

export function GForcePanel() {
  const [rpm, setRpm] = useState("2200");
  const [machine, setMachine] = useState<MachineKey>("silver_bullet");
  return (
    <CalcPanel<{ g_force: number; safety_zone: string; radius_inches: number }>
      title="RPM to G-Force"
      button="Calculate G-Force"
      request={() => ({ method: "POST", path: "/api/centrifuge/calculate", body: { rpm: Number(rpm), centrifuge_type: machine } })}
      fields={
        <>
          <NumberField label="RPM" value={rpm} onInput={setRpm} step="1" />
          <MachineSelect value={machine} onChange={setMachine} />
        </>
      }
      result={(a) => (
        <p class="cf-result">
          <strong>{a.g_force} g</strong> at {a.radius_inches}" radius · Safety zone: <ZoneBadge zone={a.safety_zone} />
        </p>
      )}
    />
  );
}

export function ComparePanel() {
  const [rpm, setRpm] = useState("2200");
  const [machine, setMachine] = useState<MachineKey>("silver_bullet");
  type Answer = {
    source: { centrifuge: string; rpm: number; g_force: number };
    equivalent: Record<string, { rpm: number; g_force: number }>;
  };
  return (
    <CalcPanel<Answer>
      title="Machine Comparison"
      button="Compare Machines"
      request={() => ({ method: "POST", path: "/api/centrifuge/compare", body: { rpm: Number(rpm), source_centrifuge: machine } })}
      fields={
        <>
          <NumberField label="Source RPM" value={rpm} onInput={setRpm} step="1" />
          <MachineSelect label="Source centrifuge" value={machine} onChange={setMachine} />
        </>
      }
      result={(a) => (
        <ul class="plain-list">
          <li>
            {machineName(a.source.centrifuge)}: {a.source.rpm} rpm = {a.source.g_force} g
          </li>
          {Object.entries(a.equivalent).map(([k, v]) => (
            <li key={k}>
              {machineName(k)}: <strong>{v.rpm} rpm</strong> ({v.g_force} g)
            </li>
          ))}
        </ul>
      )}
    />
  );
}

export function CurvePanel() {
  const [machine, setMachine] = useState<MachineKey>("silver_bullet");
  const [min, setMin] = useState("500");
  const [max, setMax] = useState("5000");
  const [step, setStep] = useState("250");
  return (
    <CalcPanel<{ data: { rpm: number; g_force: number }[] }>
      title="Force Curve"
      button="Draw Curve"
      request={() => ({
        method: "GET",
        path: `/api/centrifuge/curve-data?${new URLSearchParams({ centrifuge: machine, rpm_min: min, rpm_max: max, step })}`,
      })}
      fields={
        <>
          <MachineSelect value={machine} onChange={setMachine} />
          <NumberField label="RPM from" value={min} onInput={setMin} step="1" />
          <NumberField label="RPM to" value={max} onInput={setMax} step="1" />
          <NumberField label="Step" value={step} onInput={setStep} step="1" />
        </>
      }
      result={(a) => (
        <>
          <div class="chart-box">
            <LineChart
              title="G-force by rpm"
              labels={a.data.map((p) => String(p.rpm))}
              series={[{ key: "g", label: "G-force", cls: "c-0_5", values: a.data.map((p) => p.g_force) }]}
            />
          </div>
          <TableAlt title="Force curve" name="force-curve" header={["RPM", "G-force"]} rows={a.data.map((p) => [p.rpm, p.g_force])} />
        </>
      )}
    />
  );
}

type Guide = {
  recommendations: Record<string, { rpm_range: [number, number]; time_range: [number, number]; cycles: number }>;
  safety_zones: Record<string, { max_rpm: number }>;
  centrifuges: Record<string, { name: string; radius_inches: number; min_rpm: number; max_rpm: number }>;
};

export function GuidePanel() {
  const [guide, setGuide] = useState<Guide | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.get<Guide>("/api/centrifuge/settings-guide").then(setGuide, (e: Error) => setError(e.message));
  }, []);
  return (
    <section class="panel" aria-labelledby="cf-guide">
      <h2 id="cf-guide">Settings Guide</h2>
      {error && <p class="note note-bad">{error}</p>}
      {guide && (
        <>
          {Object.entries(guide.recommendations).map(([material, r]) => (
            <p key={material}>
              Recommended ({material}): {r.rpm_range[0]}–{r.rpm_range[1]} rpm for {r.time_range[0]}–{r.time_range[1]} s, {r.cycles} cycles.
            </p>
          ))}
          <p>
            Safety zones:{" "}
            {Object.entries(guide.safety_zones)
              .map(([z, v]) => `${z} up to ${v.max_rpm} rpm`)
              .join(" · ")}
          </p>
          <TableAlt
            open
            title="Machines"
            name="centrifuge-machines"
            header={["Machine", "Radius (in)", "Min rpm", "Max rpm"]}
            rows={Object.values(guide.centrifuges).map((m) => [m.name, m.radius_inches, m.min_rpm, m.max_rpm])}
          />
        </>
      )}
    </section>
  );
}

export function ImpulsePanel() {
  const [rpm, setRpm] = useState("2200");
  const [time, setTime] = useState("15");
  const [weight, setWeight] = useState("1");
  const [machine, setMachine] = useState<MachineKey>("silver_bullet");
  type Answer = { data: { g_force: number; impulse_newton_seconds: number; impulse_zone: string; impulse_zones: Zones } };
  return (
    <CalcPanel<Answer>
      title="Impulse Calculator"
      button="Calculate Impulse"
      request={() => ({
        method: "POST",
        path: "/api/centrifuge/impulse-calculate",
        body: { rpm: Number(rpm), time_seconds: Number(time), weight_grams: Number(weight), centrifuge_type: machine },
      })}
      fields={
        <>
          <NumberField label="RPM" value={rpm} onInput={setRpm} step="1" />
          <NumberField label="Time (seconds)" value={time} onInput={setTime} />
          <NumberField label="Weight (grams)" value={weight} onInput={setWeight} />
          <MachineSelect value={machine} onChange={setMachine} />
        </>
      }
      result={(a) => (
        <>
          <p class="cf-result">
            <strong>{a.data.impulse_newton_seconds} N·s</strong> at {a.data.g_force} g · Zone: <ZoneBadge zone={a.data.impulse_zone} />
          </p>
          <ZoneBar zones={a.data.impulse_zones} value={a.data.impulse_newton_seconds} />
        </>
      )}
    />
  );
}

export function TargetPanel() {
  const [target, setTarget] = useState("37.5");
  const [mode, setMode] = useState<"rpm" | "time">("rpm");
  const [rpm, setRpm] = useState("2200");
  const [time, setTime] = useState("15");
  const [weight, setWeight] = useState("1");
  const [machine, setMachine] = useState<MachineKey>("silver_bullet");
  type Answer = {
    data: {
      recommended_rpm?: number;
      recommended_time_seconds?: number;
      rpm?: number;
      time_seconds: number;
      achieved_impulse: number;
      g_force: number;
    };
  };
  return (
    <CalcPanel<Answer>
      title="Target Match"
      button="Match Target"
      request={() => ({
        method: "POST",
        path: "/api/centrifuge/target-match",
        body: {
          target_impulse: Number(target),
          adjust_mode: mode,
          rpm: Number(rpm),
          time_seconds: Number(time),
          weight_grams: Number(weight),
          centrifuge_type: machine,
        },
      })}
      fields={
        <>
          <NumberField label="Target impulse (N·s)" value={target} onInput={setTarget} />
          <label class="field">
            <span>Adjust</span>
            <select value={mode} onChange={(e) => setMode(e.currentTarget.value as "rpm" | "time")}>
              <option value="rpm">RPM (keep time)</option>
              <option value="time">Time (keep rpm)</option>
            </select>
          </label>
          <NumberField label="Current RPM" value={rpm} onInput={setRpm} step="1" />
          <NumberField label="Current time (seconds)" value={time} onInput={setTime} />
          <NumberField label="Pre-roll weight (grams)" value={weight} onInput={setWeight} />
          <MachineSelect value={machine} onChange={setMachine} />
        </>
      }
      result={(a) => (
        <p class="cf-result">
          {a.data.recommended_rpm !== undefined ? (
            <strong>Use {a.data.recommended_rpm} rpm</strong>
          ) : (
            <strong>Spin {a.data.recommended_time_seconds} s</strong>
          )}{" "}
          → {a.data.achieved_impulse} N·s at {a.data.g_force} g
        </p>
      )}
    />
  );
}

export function BatchWeightPanel() {
  const [rpm, setRpm] = useState("2200");
  const [time, setTime] = useState("15");
  const [machine, setMachine] = useState<MachineKey>("silver_bullet");
  type Answer = { g_force: number; data: { weight_grams: number; impulse_newton_seconds: number; impulse_zone: string }[] };
  return (
    <CalcPanel<Answer>
      title="Batch Weight Comparison"
      button="Compare Weights"
      request={() => ({
        method: "POST",
        path: "/api/centrifuge/batch-comparison",
        body: { rpm: Number(rpm), time_seconds: Number(time), centrifuge_type: machine, batch_weights: [0.5, 0.7, 1] },
      })}
      fields={
        <>
          <NumberField label="RPM" value={rpm} onInput={setRpm} step="1" />
          <NumberField label="Time (seconds)" value={time} onInput={setTime} />
          <MachineSelect value={machine} onChange={setMachine} />
        </>
      }
      result={(a) => (
        <>
          <p>At {a.g_force} g:</p>
          <ul class="plain-list">
            {a.data.map((d) => (
              <li key={d.weight_grams}>
                {d.weight_grams} g: <strong>{d.impulse_newton_seconds} N·s</strong> <ZoneBadge zone={d.impulse_zone} />
              </li>
            ))}
          </ul>
        </>
      )}
    />
  );
}
