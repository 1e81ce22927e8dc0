import { Link, useNavigate, useParams } from "react-router-dom";
import { api, call } from "../api/client";
import { useLoad, usePolledLoad } from "../lib/useLoad";
import { useSession } from "../session";
import {
  destinationFields, destinationRequest, destinationTypeBlurb, destinationTypeName, destinationValues, type Destination, type DestinationType,
} from "../lib/destinations";
import { ConnectForm } from "../components/ConnectForm";
import { DestinationCard, type DestinationActions } from "../components/DestinationCard";
import { Empty, ErrorState, Loading } from "../components/States";

const byId = (id: string) => ({ params: { path: { id } } });
const actions: DestinationActions = {
  test: (id) => call(api.POST("/api/v1/destinations/{id}/test", byId(id))),
  resync: (id) => call(api.POST("/api/v1/destinations/{id}/resync", byId(id))),
  remove: async (id) => { await call(api.DELETE("/api/v1/destinations/{id}", byId(id))); },
};
const loadTypes = () => call(api.GET("/api/v1/destinations/types"));

/** The delivery destinations on the Integrations page; refreshed while events wait or a retry is due. */
export function DestinationList() {
  const { isAdmin } = useSession();
  const [list, reload] = usePolledLoad(() => call(api.GET("/api/v1/destinations")),
    (data) => data.some((d) => d.status.backlog > 0 || d.status.state === "retrying"));

  return (
    <section aria-labelledby="destinations-title">
      <div className="page-head">
        <h2 id="destinations-title">Destinations</h2>
        {isAdmin && <Link className="button" to="/integrations/browse#destination-types">Add a destination</Link>}
      </div>
      {list.state === "loading" && <Loading what="destinations" />}
      {list.state === "error" && <ErrorState error={list.error} retry={reload} />}
      {list.state === "ready" && (list.data.length === 0 ? (
        <Empty>No destination yet: findings stay in Thalian. {isAdmin ? "Add a webhook, your SIEM or Security Hub to receive every change." : "Ask an admin to add your SIEM."}</Empty>
      ) : (
        <ul className="cards connections" aria-label="Destinations">
          {list.data.map((d) => <DestinationCard key={d.id} destination={d} isAdmin={isAdmin} actions={actions} onChange={reload} />)}
        </ul>
      ))}
    </section>
  );
}

/** Browse cards of the destination types the delivery service offers. */
export function DestinationTypeCards() {
  const [types, reload] = useLoad(loadTypes, "types");
  return (
    <section aria-labelledby="destination-types">
      <h2 id="destination-types">Destinations</h2>
      {types.state === "loading" && <Loading what="destination types" />}
      {types.state === "error" && <ErrorState error={types.error} retry={reload} />}
      {types.state === "ready" && (
        <ul className="cards browse" aria-label="Destination types">
          {types.data.map((t) => (
            <li key={t.type} className="card">
              <p className="muted small">Destination</p>
              <h3>{destinationTypeName(t.type)}</h3>
              <p>{destinationTypeBlurb(t.type)}</p>
              <Link className="button" to={`/integrations/destinations/new/${t.type}`} aria-label={`Add ${destinationTypeName(t.type)}`}>Add</Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function DestinationForm({ type, editing }: { type: DestinationType; editing: Destination | null }) {
  const navigate = useNavigate();
  const submit = async (values: Record<string, string>) => {
    const body = destinationRequest(type, values, editing);
    if (editing) await call(api.PUT("/api/v1/destinations/{id}", { ...byId(editing.id), body }));
    else await call(api.POST("/api/v1/destinations", { body }));
    navigate("/integrations");
  };
  return (
    <ConnectForm vendor={{ id: type.type, name: destinationTypeName(type.type) }} fields={destinationFields(type, editing)}
      initial={editing ? destinationValues(type, editing) : {}} submitLabel={editing ? "Save destination" : "Add destination"}
      busyLabel="Saving…" submit={submit} />
  );
}

export function NewDestination() {
  const { type: name } = useParams();
  const [types] = useLoad(loadTypes, "types");
  if (types.state === "loading") return <Loading what="the destination type" />;
  if (types.state === "error") return <ErrorState error={types.error} />;
  const type = types.data.find((t) => t.type === name);
  if (!type) return <Empty>Unknown destination type. <Link to="/integrations/browse">Browse integrations</Link></Empty>;
  return (
    <section aria-labelledby="new-destination-title" className="narrow">
      <p><Link to="/integrations/browse">← All integrations</Link></p>
      <h1 id="new-destination-title">Add {destinationTypeName(type.type)}</h1>
      <p className="muted">{destinationTypeBlurb(type.type)} It starts with the tenant's open findings, then receives every change.</p>
      <DestinationForm type={type} editing={null} />
    </section>
  );
}

export function EditDestination() {
  const { id = "" } = useParams();
  const [loaded] = useLoad(async () => {
    const [destination, types] = await Promise.all([call(api.GET("/api/v1/destinations/{id}", byId(id))), loadTypes()]);
    return { destination, type: types.find((t) => t.type === destination.type) };
  }, id);
  if (loaded.state === "loading") return <Loading what="the destination" />;
  if (loaded.state === "error") return <ErrorState error={loaded.error} />;
  const { destination, type } = loaded.data;
  if (!type) return <Empty>The delivery service no longer offers {destination.type} destinations.</Empty>;
  return (
    <section aria-labelledby="edit-destination-title" className="narrow">
      <p><Link to="/integrations">← Integrations</Link></p>
      <h1 id="edit-destination-title">Edit {destination.displayName}</h1>
      <p className="muted">Secrets left blank keep their values. Saving a failing destination makes it try again.</p>
      <DestinationForm type={type} editing={destination} />
    </section>
  );
}
