// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Errors} from "../../../src/libraries/Errors.sol";
import {Job} from "../../../src/types/Job.sol";
import {Listing} from "../../../src/types/Listing.sol";
import {RouterTest} from "../../unit/compute-router/shared/RouterTest.sol";

contract Release_Fuzz_Test is RouterTest {
    /// @dev One fuzz case, kept in memory to stay clear of stack limits.
    struct Case {
        uint32 listingId;
        uint16 gpus;
        uint24 hoursUsed;
        bool tracked;
        uint256 amount;
        uint256 earned;
        uint256 fee;
        uint256 toProvider;
        uint256 toClient;
    }

    function testFuzz_Release_RefundsUnusedHours(
        uint16 gpus,
        uint24 hoursBooked,
        uint24 hoursUsed,
        uint96 price,
        uint16 feeBps,
        bool tracked,
        bool afterWindow
    ) external {
        Case memory c;
        c.gpus = uint16(_bound(gpus, 1, 512));
        hoursBooked = uint24(_bound(hoursBooked, 1, 24 * 365));
        c.hoursUsed = uint24(_bound(hoursUsed, 0, hoursBooked));
        price = uint96(_bound(price, 1, 1e12));
        feeBps = uint16(_bound(feeBps, 0, router.MAX_FEE_BPS()));
        c.tracked = tracked;
        c.listingId = _addListing(provider, Listing.PricingModel.Fixed, address(usdc), price, 0, c.gpus);
        _setFee(feeBps);
        uint256 routerStart = usdc.balanceOf(address(router));

        c.amount = uint256(price) * c.gpus * hoursBooked;
        _fund(client, c.amount);
        bytes32 jobId = _submit(_termsOn(c.listingId, ROOT, c.gpus, hoursBooked, tracked));
        _start(jobId);
        _complete(jobId, c.hoursUsed);
        address caller = client;
        if (afterWindow) {
            vm.warp(router.getJob(jobId).deadline + 1);
            caller = stranger;
        }
        Balances memory before = _balances(address(usdc));
        vm.prank(caller);
        router.release(jobId, SALT);

        c.earned = c.amount * c.hoursUsed / hoursBooked;
        c.fee = c.earned * feeBps / 10_000;
        c.toProvider = c.earned - c.fee;
        c.toClient = c.amount - c.earned;
        _assertShares(jobId, c, before);

        // Once the fee and any held share are claimed, the router holds what it held before the job.
        if (c.fee != 0) {
            vm.prank(treasury);
            router.withdraw(address(usdc), treasury);
        }
        if (!tracked && c.toClient != 0) {
            vm.prank(client);
            router.claimClientCredit(jobId, SALT, address(usdc), client);
        }
        assertEq(usdc.balanceOf(address(router)), routerStart, "router balance");
    }

    function _assertShares(bytes32 jobId, Case memory c, Balances memory before) internal view {
        Balances memory a = _balances(address(usdc));
        assertEq(a.payout - before.payout, c.toProvider, "provider share");
        assertEq(a.client - before.client, c.tracked ? c.toClient : 0, "client refund");
        assertEq(router.clientCredit(jobId, address(usdc)), c.tracked ? 0 : c.toClient, "client credit");
        assertEq(router.owed(address(usdc), treasury), c.fee, "fee");
        assertEq(c.toProvider + c.toClient + c.fee, c.amount, "shares sum to the escrow");
        assertEq(a.stranger, before.stranger, "caller paid nothing");
        _assertStatus(jobId, Job.Status.Released);
        assertEq(_reserved(c.listingId), 0, "reserved");
        _assertReputation(_rep(1, 0, 0, 0, 0, uint64(c.gpus) * c.hoursUsed));
    }

    function testFuzz_Release_OnlyClientBeforeWindow(uint256 warpBy, bool tracked) external {
        bytes32 jobId = _completedJob(tracked);
        uint40 challengeEnd = router.getJob(jobId).deadline;
        vm.warp(block.timestamp + _bound(warpBy, 0, 60 days));

        if (block.timestamp <= challengeEnd) {
            _expectNotClient(jobId, stranger);
            vm.prank(stranger);
            router.release(jobId, SALT);
            _assertStatus(jobId, Job.Status.Completed);
        } else {
            vm.prank(stranger);
            router.release(jobId, SALT);
            _assertStatus(jobId, Job.Status.Released);
        }
    }

    function testFuzz_Release_RevertWhen_NotCompleted(uint8 stage) external {
        stage = uint8(_bound(stage, 0, 2));
        bytes32 jobId = stage == 0 ? _fundedJob(true) : stage == 1 ? _startedJob(true) : _disputedJob(true);
        Job.Status status = _status(jobId);
        vm.warp(block.timestamp + 60 days);
        vm.expectRevert(abi.encodeWithSelector(Errors.ComputeRouter_InvalidStatus.selector, jobId, status));
        vm.prank(client);
        router.release(jobId, SALT);
    }
}
