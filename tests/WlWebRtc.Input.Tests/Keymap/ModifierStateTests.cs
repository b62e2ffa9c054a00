using WlWebRtc.Input.WlrVirtualInput.Keyboard;

namespace WlWebRtc.Input.Tests.Keymap;

public sealed class ModifierStateTests
{
    [Fact]
    public void New_NothingPressed_NumLockLocked()
    {
        var state = new ModifierState();

        Assert.Equal(0u, state.Depressed);
        Assert.Equal(ModifierState.Mod2, state.Locked);
    }

    [Fact]
    public void Apply_NumLockPressedAndReleased_TogglesMod2OnPressOnly()
    {
        var state = new ModifierState();

        Assert.True(state.Apply(ModifierState.NumLockKey, pressed: true));
        Assert.Equal(0u, state.Locked);
        Assert.Equal(0u, state.Depressed);
        Assert.False(state.Apply(ModifierState.NumLockKey, pressed: false));
        Assert.True(state.Apply(ModifierState.NumLockKey, pressed: true));
        Assert.Equal(ModifierState.Mod2, state.Locked);
    }

    [Fact]
    public void Apply_NumLockRepeatedWhileHeld_DoesNotToggleBack()
    {
        var state = new ModifierState();
        state.Apply(ModifierState.NumLockKey, pressed: true);

        Assert.False(state.Apply(ModifierState.NumLockKey, pressed: true));
        Assert.Equal(0u, state.Locked);
    }

    [Fact]
    public void Apply_CapsAndNumLock_LockIndependently()
    {
        var state = new ModifierState();

        state.Apply(ModifierState.CapsLockKey, pressed: true);
        state.Apply(ModifierState.CapsLockKey, pressed: false);
        state.Apply(ModifierState.NumLockKey, pressed: true);
        state.Apply(ModifierState.NumLockKey, pressed: false);

        Assert.Equal(ModifierState.Lock, state.Locked);
    }

    [Fact]
    public void ReleaseAll_ShiftHeldNumLockOff_ClearsShiftKeepsLocks()
    {
        var state = new ModifierState();
        state.Apply(ModifierState.NumLockKey, pressed: true);
        state.Apply(42, pressed: true);

        Assert.True(state.ReleaseAll());
        Assert.Equal(0u, state.Depressed);
        Assert.Equal(0u, state.Locked);
    }
}
