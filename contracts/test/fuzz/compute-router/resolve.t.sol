// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Errors} from "../../../src/libraries/Errors.sol";
import {Job} from "../../../src/types/Job.sol";
import {RouterTest} from "../../unit/compute-router/shared/RouterTest.sol";

contract Resolve_Fuzz_Test is RouterTest {
    struct Ruling {
        uint96 toProvider;
        uint96 toClient;
        uint96 slashAmount;
        uint96 stake;
        bool atFault;
    }

    function testFuzz_Resolve_SplitSumsToEscrow(
        uint96 toProvider,
        uint96 slashAmount,
        uint96 stake,
        bool atFault,
        bool tracked,
        bool overdue
    ) external {
        Ruling memory r;
        r.toProvider = uint96(_bound(toProvider, 0, AMOUNT));
        r.toClient = AMOUNT - r.toProvider;
        r.stake = uint96(_bound(stake, 0, 1e12));
        r.slashAmount = uint96(_bound(slashAmount, 0, 2e12));
        r.atFault = atFault;
        if (r.stake != 0) _stake(r.stake);
        uint256 routerStart = usdc.balanceOf(address(router));

        bytes32 jobId;
        if (overdue) {
            jobId = _startedJob(tracked);
            vm.warp(router.getJob(jobId).deadline + 1);
            _dispute(jobId);
        } else {
            jobId = _disputedJob(tracked);
        }
        Balances memory before = _balances(address(usdc));
        vm.prank(arbiter);
        router.resolve(jobId, r.toProvider, r.toClient, r.slashAmount, r.atFault);

        uint256 slashed = r.slashAmount < r.stake ? r.slashAmount : r.stake;
        Balances memory a = _balances(address(usdc));
        assertEq(uint256(r.toProvider) + r.toClient, AMOUNT, "split");
        assertEq(a.payout - before.payout, r.toProvider, "provider share");
        assertEq(a.client - before.client, tracked ? r.toClient + slashed : 0, "client share");
        assertEq(
            router.clientCredit(jobId, address(usdc)), tracked ? 0 : r.toClient + slashed, "client credit"
        );
        assertEq(before.registry - a.registry, slashed, "slashed from the registry");
        assertEq(registry.stakeOf(provider).staked, r.stake - slashed, "stake");
        _assertStatus(jobId, Job.Status.Resolved);
        assertEq(_reserved(fixedListing), 0, "reserved");
        _assertReputation(_rep(0, 0, r.atFault ? 1 : 0, 0, 0, overdue ? 0 : uint64(GPUS) * HOURS_USED));

        if (!tracked && r.toClient + slashed != 0) {
            vm.prank(client);
            router.claimClientCredit(jobId, SALT, address(usdc), client);
        }
        assertEq(usdc.balanceOf(address(router)), routerStart, "router balance");
    }

    function testFuzz_Resolve_RevertWhen_SplitMismatch(uint96 toProvider, uint96 toClient) external {
        vm.assume(uint256(toProvider) + toClient != AMOUNT);
        bytes32 jobId = _disputedJob(true);
        vm.expectRevert(
            abi.encodeWithSelector(Errors.ComputeRouter_SplitMismatch.selector, toProvider, toClient, AMOUNT)
        );
        vm.prank(arbiter);
        router.resolve(jobId, toProvider, toClient, 0, false);
    }
}
