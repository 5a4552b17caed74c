// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IComputeRouter} from "../../../../src/interfaces/IComputeRouter.sol";
import {IProviderRegistry} from "../../../../src/interfaces/IProviderRegistry.sol";
import {Errors} from "../../../../src/libraries/Errors.sol";
import {Job} from "../../../../src/types/Job.sol";
import {BlacklistToken} from "../shared/BlacklistToken.sol";
import {RouterTest} from "../shared/RouterTest.sol";

contract Release_Unit_Test is RouterTest {
    /// @dev 0.5 AKT per GPU-hour.
    uint96 internal constant AKT_PRICE = 5e17;

    /// @dev Releases the default job as `caller` and checks every event, balance, credit and counter.
    function _assertRelease(bytes32 jobId, address caller, uint24 hoursUsed, bool tracked, uint16 feeBps)
        internal
    {
        uint96 earned = AMOUNT * hoursUsed / HOURS;
        uint96 fee = earned * feeBps / 10_000;
        uint96 toProvider = earned - fee;
        uint96 toClient = AMOUNT - earned;
        Balances memory before = _balances(address(usdc));
        IProviderRegistry.Reputation memory rep = _rep(1, 0, 0, 0, 0, uint64(GPUS) * hoursUsed);

        vm.expectEmit(address(registry));
        emit IProviderRegistry.ReservationChanged(fixedListing, 0);
        vm.expectEmit(address(registry));
        emit IProviderRegistry.ReputationChanged(provider, rep);
        vm.expectEmit(address(router));
        emit IComputeRouter.JobReleased(jobId, payout, toProvider, toClient, fee);
        if (fee != 0) {
            vm.expectEmit(address(router));
            emit IComputeRouter.PaymentCredited(address(usdc), treasury, fee);
        }
        if (toProvider != 0) {
            vm.expectEmit(address(usdc));
            emit IERC20.Transfer(address(router), payout, toProvider);
        }
        if (toClient != 0) {
            if (tracked) {
                vm.expectEmit(address(usdc));
                emit IERC20.Transfer(address(router), client, toClient);
            } else {
                vm.expectEmit(address(router));
                emit IComputeRouter.ClientCredited(jobId, address(usdc), toClient);
            }
        }
        vm.prank(caller);
        router.release(jobId, SALT);

        _assertStatus(jobId, Job.Status.Released);
        assertEq(_reserved(fixedListing), 0, "reserved");
        _assertReputation(rep);
        int256 dClient = tracked ? int256(uint256(toClient)) : int256(0);
        int256 dPayout = int256(uint256(toProvider));
        _assertDeltas(address(usdc), before, dClient, dPayout, -(dClient + dPayout), 0);
        assertEq(router.owed(address(usdc), treasury), fee, "treasury owed");
        assertEq(router.owed(address(usdc), payout), 0, "payout owed");
        assertEq(router.clientCredit(jobId, address(usdc)), tracked ? 0 : toClient, "client credit");
        // What stays in the router is exactly what it now owes.
        assertEq(toProvider + toClient + fee, AMOUNT, "split");
    }

    function test_RevertGiven_JobNotFound() external {
        vm.expectRevert(abi.encodeWithSelector(Errors.ComputeRouter_JobNotFound.selector, ROOT));
        vm.prank(client);
        router.release(ROOT, SALT);
    }

    modifier givenJobExists() {
        _;
    }

    function test_RevertGiven_Funded() external givenJobExists {
        bytes32 jobId = _fundedJob(true);
        _expectInvalidStatus(jobId, Job.Status.Funded);
        vm.prank(client);
        router.release(jobId, SALT);
    }

    function test_RevertGiven_Started() external givenJobExists {
        bytes32 jobId = _startedJob(true);
        _expectInvalidStatus(jobId, Job.Status.Started);
        vm.prank(client);
        router.release(jobId, SALT);
    }

    function test_RevertGiven_Disputed() external givenJobExists {
        bytes32 jobId = _disputedJob(true);
        vm.warp(block.timestamp + 30 days);
        _expectInvalidStatus(jobId, Job.Status.Disputed);
        router.release(jobId, SALT);
    }

    function test_RevertGiven_ExternalJobCompleted() external givenJobExists {
        // Reported Completed by its client, an external job has no escrow and no listing to settle.
        bytes32 jobId = _recordedJob(true);
        _updateExternal(jobId, Job.Status.Completed);
        _expectInvalidStatus(jobId, Job.Status.Completed);
        vm.prank(client);
        router.release(jobId, SALT);
    }

    modifier givenCompleted() {
        _;
    }

    modifier whenWindowOpen() {
        _;
    }

    function test_RevertWhen_CallerNotClient() external givenJobExists givenCompleted whenWindowOpen {
        bytes32 jobId = _completedJob(true);
        _expectNotClient(jobId, stranger);
        vm.prank(stranger);
        router.release(jobId, SALT);
    }

    function test_RevertWhen_CallerIsProvider() external givenJobExists givenCompleted whenWindowOpen {
        bytes32 jobId = _completedJob(true);
        _expectNotClient(jobId, provider);
        vm.prank(provider);
        router.release(jobId, SALT);
    }

    function test_RevertWhen_NonClientAtWindowEnd() external givenJobExists givenCompleted whenWindowOpen {
        bytes32 jobId = _completedJob(true);
        vm.warp(router.getJob(jobId).deadline);
        _expectNotClient(jobId, stranger);
        vm.prank(stranger);
        router.release(jobId, SALT);
    }

    function test_RevertWhen_UntrackedWrongSalt() external givenJobExists givenCompleted whenWindowOpen {
        bytes32 jobId = _completedJob(false);
        _expectNotClient(jobId, client);
        vm.prank(client);
        router.release(jobId, WRONG_SALT);
    }

    function test_RevertWhen_UntrackedSaltFromOtherCaller()
        external
        givenJobExists
        givenCompleted
        whenWindowOpen
    {
        bytes32 jobId = _completedJob(false);
        _expectNotClient(jobId, stranger);
        vm.prank(stranger);
        router.release(jobId, SALT);
    }

    modifier whenCallerIsClient() {
        _;
    }

    function test_WhenClientReleasesEarly()
        external
        givenJobExists
        givenCompleted
        whenWindowOpen
        whenCallerIsClient
    {
        _assertRelease(_completedJob(true), client, HOURS_USED, true, 0);
    }

    function test_WhenFeeSet() external givenJobExists givenCompleted whenWindowOpen whenCallerIsClient {
        bytes32 jobId = _completedJob(true);
        _setFee(500);
        // 5% of the 24 USDC earned: 1.2 USDC to the treasury, 22.8 USDC to the payout.
        _assertRelease(jobId, client, HOURS_USED, true, 500);
        assertEq(router.owed(address(usdc), treasury), 1.2e6, "fee");
    }

    function test_WhenAllHoursUsed()
        external
        givenJobExists
        givenCompleted
        whenWindowOpen
        whenCallerIsClient
    {
        bytes32 jobId = _startedJob(true);
        _complete(jobId, HOURS);
        _assertRelease(jobId, client, HOURS, true, 0);
    }

    function test_WhenNoHoursUsed() external givenJobExists givenCompleted whenWindowOpen whenCallerIsClient {
        bytes32 jobId = _startedJob(true);
        _complete(jobId, 0);
        _assertRelease(jobId, client, 0, true, 0);
    }

    function test_WhenUntrackedClient()
        external
        givenJobExists
        givenCompleted
        whenWindowOpen
        whenCallerIsClient
    {
        _assertRelease(_completedJob(false), client, HOURS_USED, false, 0);
    }

    function test_WhenTokenListing()
        external
        givenJobExists
        givenCompleted
        whenWindowOpen
        whenCallerIsClient
    {
        uint32 aktListing = _addTokenListing(address(akt), AKT_PRICE, 4);
        akt.mint(client, 1_000e18);
        vm.prank(client);
        akt.approve(address(router), type(uint256).max);
        _setFee(1000);
        bytes32 jobId = _completedJobOn(aktListing, true);
        uint96 amount = AKT_PRICE * GPUS * HOURS;
        uint96 earned = amount * HOURS_USED / HOURS;
        uint96 fee = earned / 10;
        Balances memory aktBefore = _balances(address(akt));
        Balances memory usdcBefore = _balances(address(usdc));

        vm.expectEmit(address(router));
        emit IComputeRouter.JobReleased(jobId, payout, earned - fee, amount - earned, fee);
        vm.expectEmit(address(router));
        emit IComputeRouter.PaymentCredited(address(akt), treasury, fee);
        vm.prank(client);
        router.release(jobId, SALT);

        _assertDeltas(
            address(akt),
            aktBefore,
            int256(uint256(amount - earned)),
            int256(uint256(earned - fee)),
            -int256(uint256(amount - fee)),
            0
        );
        _assertNoMoneyMoved(usdcBefore);
        assertEq(router.owed(address(akt), treasury), fee, "treasury owed");
        assertEq(_reserved(aktListing), 0, "reserved");
        _assertReputation(_rep(1, 0, 0, 0, 0, uint64(GPUS) * HOURS_USED));
    }

    function test_WhenPayoutRejectsTransfer()
        external
        givenJobExists
        givenCompleted
        whenWindowOpen
        whenCallerIsClient
    {
        (BlacklistToken token, uint32 listingId) = _blacklistListing(BlacklistToken.Refusal.Revert);
        bytes32 jobId = _completedJobOn(listingId, true);
        token.setBlacklisted(payout, true);
        Balances memory before = _balances(address(token));

        vm.expectEmit(address(router));
        emit IComputeRouter.JobReleased(jobId, payout, EARNED, AMOUNT - EARNED, 0);
        vm.expectEmit(address(router));
        emit IComputeRouter.PaymentCredited(address(token), payout, EARNED);
        vm.expectEmit(address(token));
        emit IERC20.Transfer(address(router), client, AMOUNT - EARNED);
        vm.prank(client);
        router.release(jobId, SALT);

        _assertStatus(jobId, Job.Status.Released);
        assertEq(router.owed(address(token), payout), EARNED, "payout owed");
        _assertDeltas(
            address(token), before, int256(uint256(AMOUNT - EARNED)), 0, -int256(uint256(AMOUNT - EARNED)), 0
        );
        _assertReputation(_rep(1, 0, 0, 0, 0, uint64(GPUS) * HOURS_USED));
    }

    function test_WhenPaused() external givenJobExists givenCompleted whenWindowOpen whenCallerIsClient {
        bytes32 jobId = _completedJob(true);
        _pause();
        _assertRelease(jobId, client, HOURS_USED, true, 0);
    }

    modifier whenWindowPassed() {
        _;
    }

    function test_WhenAnyoneAfterWindow() external givenJobExists givenCompleted whenWindowPassed {
        bytes32 jobId = _completedJob(true);
        vm.warp(router.getJob(jobId).deadline + 1);
        _assertRelease(jobId, stranger, HOURS_USED, true, 0);
    }

    function test_WhenAnyoneAfterWindowUntracked() external givenJobExists givenCompleted whenWindowPassed {
        bytes32 jobId = _completedJob(false);
        vm.warp(router.getJob(jobId).deadline + 1);
        _assertRelease(jobId, stranger, HOURS_USED, false, 0);
    }
}
