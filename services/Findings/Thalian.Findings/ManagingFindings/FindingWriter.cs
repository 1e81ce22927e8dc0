using Marten;

namespace Thalian.Findings.ManagingFindings;

/// <summary>Writes a decision: the events to the finding's stream (optimistic on the stream version) and the view beside them.</summary>
public static class FindingWriter
{
    public static void Write(IDocumentSession session, FindingView? before, Decision decision)
    {
        if (decision.View is not { } view)
        {
            return;
        }
        if (decision.Events.Count > 0)
        {
            if (before is null)
            {
                session.Events.StartStream(view.Id, [.. decision.Events]);
            }
            else
            {
                // Marten's expected version is the version after this append.
                session.Events.Append(view.Id, view.Version, [.. decision.Events]);
            }
        }
        if (before is null)
        {
            session.Insert(view);
        }
        else
        {
            session.Store(view);
        }
    }
}
