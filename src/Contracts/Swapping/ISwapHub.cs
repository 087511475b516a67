using Hotswap.Contracts.Control;
using Hotswap.Contracts.Status;

namespace Hotswap.Contracts.Swapping;

/// <summary>Methods a hub client may call. Every control method needs the operator token, like the REST control API.</summary>
public interface ISwapHub
{
    Task<HostStatus> GetStatus();

    Task<ControlResult> Refresh(string model, ControlRequest request);

    Task<ControlResult> Pin(string model, PinRequest request);

    Task<ControlResult> Unpin(string model, ControlRequest request);

    Task<ControlResult> Rollback(string model, ControlRequest request);

    Task<ControlResult> StartRollout(string model, StartRolloutRequest request);

    Task<ControlResult> SetRolloutWeight(string model, RolloutWeightRequest request);

    Task<ControlResult> ApproveRollout(string model, ControlRequest request);

    Task<ControlResult> PromoteRollout(string model, ControlRequest request);

    Task<ControlResult> AbortRollout(string model, ControlRequest request);
}
